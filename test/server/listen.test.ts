// Listening: addresses, port 0, IPv4 and IPv6, and one-line errors naming the cause.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createServer } from '../../src/server/server.js';
import { formatHostPort, ListenError } from '../../src/server/listen-error.js';
import { resolveServerOptions } from '../../src/server/options.js';
import { httpDate } from '../../src/server/date-cache.js';

const canIpv6 = await new Promise<boolean>((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

describe('listen', () => {
  it('port 0 picks a free port and reports it', async () => {
    const server = createServer(undefined, { port: 0 });
    const address = await server.listen();
    try {
      expect(address.address).toBe('127.0.0.1');
      expect(address.port).toBeGreaterThan(0);
      expect(server.address()).toEqual(address);
      const res = await request(`http://127.0.0.1:${address.port}/`);
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    } finally {
      await server.close();
    }
  });

  it.runIf(canIpv6)('IPv6 loopback', async () => {
    const server = createServer(undefined, { host: '::1', port: 0 });
    const address = await server.listen();
    try {
      expect(address.family).toBe('IPv6');
      const res = await request(`http://[::1]:${address.port}/v6`, { headers: { host: `[::1]:${address.port}` } });
      expect(((await res.body.json()) as { target: string }).target).toBe('/v6');
    } finally {
      await server.close();
    }
  });

  it('0.0.0.0 listens on every IPv4 interface', async () => {
    const server = createServer(undefined, { host: '0.0.0.0', port: 0, backlog: 64 });
    const address = await server.listen();
    try {
      expect(address.address).toBe('0.0.0.0');
      const res = await request(`http://127.0.0.1:${address.port}/`);
      await res.body.dump();
      expect(res.statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a port in use → ListenError naming the cause in one line', async () => {
    const first = createServer(undefined, { port: 0 });
    const { port } = await first.listen();
    try {
      const second = createServer(undefined, { port });
      const error = await second.listen().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ListenError);
      expect((error as ListenError).code).toBe('EADDRINUSE');
      expect((error as ListenError).message).toBe(`cannot listen on 127.0.0.1:${port}: the port is already in use by another process (EADDRINUSE)`);
      expect((error as ListenError).message).not.toContain('\n');
      await second.close();
    } finally {
      await first.close();
    }
  });

  it('an address not on this machine → EADDRNOTAVAIL, named', async () => {
    const server = createServer(undefined, { host: '192.0.2.1', port: 0 });
    const error = (await server.listen().then(() => null, (e: unknown) => e)) as ListenError;
    expect(error.code).toBe('EADDRNOTAVAIL');
    expect(error.message).toContain("not one of this machine's");
    await server.close();
  });

  it('permission denied is named too (simulated: tests may run as root, where low ports are allowed)', () => {
    const cause = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' });
    const error = new ListenError('0.0.0.0', 80, cause);
    expect(error.message).toBe('cannot listen on 0.0.0.0:80: permission denied (ports below 1024 need privileges) (EACCES)');
    expect(formatHostPort('::', 8080)).toBe('[::]:8080');
  });

  it('options are checked at creation', () => {
    expect(() => resolveServerOptions({ port: 70000 })).toThrow(RangeError);
    expect(() => resolveServerOptions({ headersTimeout: -1 })).toThrow(RangeError);
    expect(() => resolveServerOptions({ maxPipelinedRequests: 0 })).toThrow(RangeError);
    expect(() => resolveServerOptions({ limits: { maxBodyBytes: 1.5 } })).toThrow(RangeError);
    expect(resolveServerOptions({ port: undefined }).port).toBe(8080);
  });

  it('the Date value is an IMF-fixdate, formatted once per second', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37, 123);
    expect(httpDate(t)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(httpDate(t + 800)).toBe(httpDate(t));
    expect(httpDate(t + 1000)).toBe('Sun, 06 Nov 1994 08:49:38 GMT');
  });
});
