/**
 * A minimal reader of `Content-Length` responses on a raw socket, for the checks the benchmark makes on the
 * servers (the right body, one response per request) and for the idle-connection client. It only needs to
 * understand the three servers' answers to a GET, not HTTP in general.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { BODY_TEXT } from './servers/response.js';

/** The request every check and the idle client send (wrk sends the same shape). */
export function getRequest(port: number): Buffer {
  return Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');
}

/** Splits complete responses off the front of the bytes received so far. */
export class ResponseReader {
  private buffered: Buffer = Buffer.alloc(0);
  /** Each complete response, as text (latin1). */
  readonly responses: string[] = [];

  /** Adds bytes; returns the number of responses completed so far. */
  push(chunk: Buffer): number {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const headEnd = this.buffered.indexOf('\r\n\r\n');
      if (headEnd === -1) break;
      const head = this.buffered.toString('latin1', 0, headEnd);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (length === null) throw new Error(`response without Content-Length: ${JSON.stringify(head)}`);
      const end = headEnd + 4 + Number(length[1]);
      if (this.buffered.length < end) break;
      this.responses.push(this.buffered.toString('latin1', 0, end));
      this.buffered = this.buffered.subarray(end);
    }
    return this.responses.length;
  }
}

/** Why a response is not the expected `200` with `Hello World!\n`, or undefined when it is. */
export function checkResponse(response: string): string | undefined {
  if (!response.startsWith('HTTP/1.1 200 ')) return `status line: ${JSON.stringify(response.split('\r\n', 1)[0])}`;
  if (!response.endsWith(`\r\n\r\n${BODY_TEXT}`)) return `body: ${JSON.stringify(response.slice(-40))}`;
  return undefined;
}

/**
 * Sends `count` GETs in one write on a new connection (pipelining when count > 1) and checks every response.
 * Resolves with the size of one response in bytes; rejects naming what is wrong.
 */
export function checkServer(port: number, count: number, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const reader = new ResponseReader();
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`${reader.responses.length} of ${count} responses within ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', (error) => (clearTimeout(timer), fail(error)));
    socket.on('connect', () => socket.write(Buffer.concat(Array.from({ length: count }, () => getRequest(port)))));
    socket.on('data', (chunk: Buffer) => {
      try {
        if (reader.push(chunk) < count) return;
      } catch (error) {
        clearTimeout(timer);
        fail(error as Error);
        return;
      }
      clearTimeout(timer);
      socket.destroy();
      const bad = reader.responses.map(checkResponse).find((why) => why !== undefined);
      if (bad !== undefined) reject(new Error(bad));
      else if (reader.responses.length !== count) reject(new Error(`${reader.responses.length} responses to ${count} requests`));
      else resolve(Buffer.byteLength(reader.responses[0]!, 'latin1'));
    });
  });
}
