/**
 * Catalogue §3.9, Expect, Upgrade, CONNECT, methods and bodies (RFC 9110 §10.1.1, §7.8, §9.3; RFC 9112 §3.2.3):
 * the requests that make a server answer before the body, switch protocols, open a tunnel, echo the request,
 * or ignore a body, and the representation fields a server must ignore or refuse.
 *
 * What these have in common: after such a request, whether the next bytes on the connection are a body, another
 * request or another protocol depends on what the server answered, so a front end that guesses differently from
 * the back end forwards the next bytes as something they are not.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import type { MessagePart } from '../parts.js';
import {
  ensureContentLengthBody, ensureFollowing, firstField, fSlot, hasField, hostOf, messageOperator, mSlot, removeBody, removeFields, setField,
  upperAscii,
} from './common.js';

const hasBody = (m: MessagePart): boolean => hasField(m, 'content-length') && m.body.kind === 'raw' && m.body.data.length > 0;

const CL_PERMUTATIONS = ['sp-before-colon', 'leading-zero', 'upper-name'] as const;

const expect = messageOperator({
  name: 'expect',
  family: 'expect-upgrade-methods',
  description:
    'Adds Expect to a message with a body: 100-continue (also before another request, with a disguised ' +
    'Content-Length, on HTTP/1.0, in other case), disguised, unknown.',
  variants: ['continue', 'continue-then-request', 'obfuscated', 'with-cl-permutation', 'unknown', 'http10', 'mixed-case'] as const,
  prefer: hasBody,
  edit(m, c) {
    // RFC 9110 §10.1.1: 100-continue (case-insensitive) lets a client wait for 100 before sending the body; the
    // server MAY answer without reading it, and then must read and discard it or close. Any other expectation
    // MAY be answered 417. A server MUST ignore 100-continue in an HTTP/1.0 request.
    const ci = ensureContentLengthBody(m);
    const set = (v: string): string => fSlot(c, setField(m, 'expect', v, 'Expect'), 'value');
    switch (c.variant) {
      case 'continue': return set('100-continue');
      case 'continue-then-request':
        ensureFollowing(c.stream, c.mi);
        return set('100-continue');
      case 'obfuscated': return set('y 100-continue');
      case 'with-cl-permutation': {
        const f = m.fields[ci]!;
        switch (c.random.pick(CL_PERMUTATIONS)) {
          case 'sp-before-colon': f.colon = ` ${f.colon}`; break;
          case 'leading-zero': f.value = `0${f.value}`; break;
          case 'upper-name': f.name = upperAscii(f.name); break;
        }
        return set('100-continue');
      }
      case 'unknown': return set('200-ok');
      case 'http10':
        m.version = 'HTTP/1.0';
        return set('100-continue');
      case 'mixed-case': return set('100-Continue');
    }
  },
});

// The fields of a WebSocket opening handshake (RFC 6455 §4.1) on `m`; returns the Upgrade line's index.
function upgradeFields(m: MessagePart, protocol: string, wsVersion: string | null, connection: boolean): number {
  setField(m, 'upgrade', protocol, 'Upgrade');
  if (connection) setField(m, 'connection', 'Upgrade', 'Connection');
  else removeFields(m, 'connection');
  if (wsVersion !== null) {
    setField(m, 'sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Key');
    setField(m, 'sec-websocket-version', wsVersion, 'Sec-WebSocket-Version');
  }
  return firstField(m.fields, 'upgrade'); // after the other lines were set: removing their duplicates may shift it
}

const upgrade = messageOperator({
  name: 'upgrade',
  family: 'expect-upgrade-methods',
  description:
    'Asks to switch protocols: WebSocket on GET or POST, without Connection: Upgrade, to an unknown ' +
    'protocol, a bad version, on HTTP/1.0, with data after, h2c.',
  variants: ['websocket-get', 'websocket-post', 'no-connection', 'unknown-protocol', 'bad-ws-version', 'http10', 'with-data', 'h2c'] as const,
  edit(m, c) {
    // RFC 9110 §7.8: Upgrade is only a request when Connection names it (a server MUST ignore it otherwise, and
    // in HTTP/1.0); after 101 the bytes that follow belong to the new protocol, before it they are HTTP/1.1 —
    // a request sent right after an upgrade request is read as one or the other.
    switch (c.variant) {
      case 'websocket-get':
        m.method = 'GET';
        removeBody(m);
        return fSlot(c, upgradeFields(m, 'websocket', '13', true), 'value');
      case 'websocket-post':
        m.method = 'POST';
        return fSlot(c, upgradeFields(m, 'websocket', '13', true), 'value');
      case 'no-connection': return fSlot(c, upgradeFields(m, 'websocket', '13', false), 'value');
      case 'unknown-protocol': return fSlot(c, upgradeFields(m, 'foo/1', null, true), 'value');
      case 'bad-ws-version': return fSlot(c, upgradeFields(m, 'websocket', '7', true), 'value');
      case 'http10':
        m.version = 'HTTP/1.0';
        return fSlot(c, upgradeFields(m, 'websocket', '13', true), 'value');
      case 'with-data': {
        m.method = 'GET';
        removeBody(m);
        const ui = upgradeFields(m, 'websocket', '13', true);
        ensureFollowing(c.stream, c.mi);
        return fSlot(c, ui, 'value');
      }
      case 'h2c': {
        // RFC 7540 §3.2 (obsoleted by RFC 9113, which drops h2c upgrade): still what proxies are tested with.
        const ui = setField(m, 'upgrade', 'h2c', 'Upgrade');
        setField(m, 'http2-settings', 'AAMAAABkAARAAAAAAAIAAAAA', 'HTTP2-Settings');
        setField(m, 'connection', 'Upgrade, HTTP2-Settings', 'Connection');
        return fSlot(c, ui, 'value');
      }
    }
  },
});

const methods = messageOperator({
  name: 'method-special',
  family: 'expect-upgrade-methods',
  description: 'Turns a message into CONNECT (authority-form or, wrongly, origin-form), TRACE (plain or with credentials), or HEAD with a body.',
  variants: ['connect', 'connect-origin-form', 'trace', 'trace-sensitive', 'head-with-body'] as const,
  edit(m, c) {
    switch (c.variant) {
      // RFC 9112 §3.2.3: CONNECT takes authority-form (host:port) and only it; a 2xx makes the connection a tunnel.
      case 'connect': {
        const host = hostOf(m);
        m.method = 'CONNECT';
        m.target = host.includes(':') ? host : `${host}:443`;
        removeBody(m);
        return mSlot(c, 'target');
      }
      case 'connect-origin-form':
        m.method = 'CONNECT';
        if (!m.target.startsWith('/')) m.target = '/';
        removeBody(m);
        return mSlot(c, 'method');
      // RFC 9110 §9.3.8: TRACE echoes the request; a client MUST NOT send content or credentials with it.
      case 'trace':
        m.method = 'TRACE';
        removeBody(m);
        return mSlot(c, 'method');
      case 'trace-sensitive':
        m.method = 'TRACE';
        removeBody(m);
        setField(m, 'cookie', 'session=secret', 'Cookie');
        return fSlot(c, setField(m, 'authorization', 'Basic YTpi', 'Authorization'), 'value');
      // RFC 9110 §9.3.2: HEAD content has no meaning, but RFC 9112 §6.3 frames it: it must be read, not left.
      case 'head-with-body':
        ensureContentLengthBody(m);
        m.method = 'HEAD';
        return mSlot(c, 'method');
    }
  },
});

const representation = messageOperator({
  name: 'representation-fields',
  family: 'expect-upgrade-methods',
  description: 'Adds Range (on POST, invalid, a thousand overlapping ranges, 0-0), a nonsense Accept, or an unknown Content-Type on a POST body.',
  variants: ['range-on-post', 'range-invalid', 'range-overlapping', 'range-zero', 'accept-nonsense', 'unknown-content-type'] as const,
  edit(m, c) {
    // RFC 9110 §14.2: a server MUST ignore Range on methods other than GET, MAY ignore it anyway, and ignores an
    // invalid one; it ought to refuse many small or overlapping ranges. §12.5.1: an Accept it cannot satisfy may
    // be ignored. §15.5.16: 415 for content in a format the target does not support.
    const set = (name: string, value: string): string => fSlot(c, setField(m, name.toLowerCase(), value, name), 'value');
    switch (c.variant) {
      case 'range-on-post':
        m.method = 'POST';
        ensureContentLengthBody(m);
        return set('Range', 'bytes=0-0');
      case 'range-invalid': return set('Range', 'bytes=abc');
      case 'range-overlapping': return set('Range', `bytes=${Array.from({ length: 1000 }, () => '0-').join(',')}`);
      case 'range-zero': return set('Range', 'bytes=0-0');
      case 'accept-nonsense': return set('Accept', 'nonsense/;;q=x');
      case 'unknown-content-type':
        m.method = 'POST';
        ensureContentLengthBody(m);
        return set('Content-Type', 'application/x-unknown-type');
    }
  },
});

/** The Expect, Upgrade, CONNECT, methods and bodies family (catalogue §3.9), in a stable order. */
export const EXPECT_UPGRADE_METHODS_OPERATORS: readonly Operator[] = [expect, upgrade, methods, representation];
