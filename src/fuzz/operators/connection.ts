/**
 * Catalogue §3.8, connection management and pipelining (RFC 9112 §9): Connection options and HTTP/1.0 defaults,
 * pipelines grown, cut or reordered, bytes after the last request, and bodies that hold the next request.
 *
 * Timing (pauses, slow delivery) and how bytes are cut into writes are the stream operators' and the delivery's
 * business, not an edit of the request bytes; the items about them map to the request shape they act on.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { cloneStream, field, message } from '../parts.js';
import {
  ensureFollowing, getMessage, hostOf, messageOperator, mSlot, fSlot, removeBody, removeFields, requestText, setField, setRawBody,
  streamOperator,
} from './common.js';

const persistence = messageOperator({
  name: 'connection-persistence',
  family: 'connection',
  description:
    'Sets Connection to close, keep-alive or both, makes a message HTTP/1.0 (with or without ' +
    'keep-alive), or closes before the pipeline ends.',
  variants: ['close', 'keep-alive', 'close-keep-alive', 'http10', 'http10-keep-alive', 'close-not-last'] as const,
  edit(m, c) {
    // RFC 9112 §9.3: HTTP/1.1 persists unless `close` is sent; HTTP/1.0 closes unless `keep-alive` is. §9.6: a
    // server that gets `close` MUST NOT process any request after that one.
    const set = (v: string): string => fSlot(c, setField(m, 'connection', v, 'Connection'), 'value');
    switch (c.variant) {
      case 'close': return set('close');
      case 'keep-alive': return set('keep-alive');
      case 'close-keep-alive': return set('close, keep-alive');
      case 'http10':
        m.version = 'HTTP/1.0';
        removeFields(m, 'connection');
        return mSlot(c, 'version');
      case 'http10-keep-alive':
        m.version = 'HTTP/1.0';
        return set('keep-alive');
      case 'close-not-last':
        ensureFollowing(c.stream, c.mi);
        return set('close');
    }
  },
});

const pipeline = streamOperator({
  name: 'pipeline',
  family: 'connection',
  description:
    'Grows, cuts or reorders a pipeline: a GET, an invalid request or one to another host appended; a ' +
    'message repeated, dropped or swapped; bytes after the end.',
  variants: [
    'append-get', 'append-invalid', 'second-other-host', 'duplicate', 'drop', 'swap', 'incomplete-tail', 'trailing-crlf', 'trailing-junk',
  ] as const,
  edit(s, c) {
    // RFC 9112 §9.3.2: a server MAY process pipelined requests in parallel only if they are safe, and MUST
    // answer them in order; an invalid one ends the connection (§2.2) but not the answers already owed.
    const last = s.messages[s.messages.length - 1];
    const host = last === undefined ? 'localhost' : hostOf(last);
    const m = s.messages[c.mi];
    switch (c.variant) {
      case 'append-get': s.messages.push(getMessage(host, '/next')); return 'stream';
      case 'append-invalid': s.messages.push(message('GET', '/next', [field('Host', host), field('Bad Name', 'x')])); return 'stream';
      case 'second-other-host': s.messages.push(getMessage('other.example', '/admin')); return 'stream';
      case 'duplicate':
        if (m === undefined) return null;
        s.messages.splice(c.mi + 1, 0, cloneStream({ messages: [m], trailing: '' }).messages[0]!);
        return 'stream';
      case 'drop':
        if (s.messages.length < 2) return null;
        s.messages.splice(c.mi, 1);
        return 'stream';
      case 'swap': {
        if (s.messages.length < 2) return null;
        const a = Math.min(c.mi, s.messages.length - 2);
        [s.messages[a], s.messages[a + 1]] = [s.messages[a + 1]!, s.messages[a]!];
        return 'stream';
      }
      // §2.2: a server SHOULD ignore at least one empty line before a request-line; a partial request after the
      // last one must be waited for, not answered.
      case 'incomplete-tail': s.trailing += `GET /partial HTTP/1.1\r\nHost: ${host}\r\n`; return 'stream';
      case 'trailing-crlf': s.trailing += '\r\n'; return 'stream';
      case 'trailing-junk': s.trailing += 'X'; return 'stream';
    }
  },
});

const pipelineBody = messageOperator({
  name: 'pipeline-body',
  family: 'connection',
  description: 'Makes the next request ride on a body: Content-Length 0 followed by a request, or a body (on GET, or with Expect) that is a request.',
  variants: ['cl0-then-request', 'get-body-request', 'body-holds-request', 'expect-body-request'] as const,
  edit(m, c) {
    // RFC 9112 §6.3: a server that does not read a body it was told about (or reads one it was not) takes the
    // wrong bytes as the next request; an early response (RFC 9110 §10.1.1, 100-continue refused) must still
    // leave the connection at a message boundary, or close it.
    switch (c.variant) {
      case 'cl0-then-request': {
        removeBody(m);
        const ci = setField(m, 'content-length', '0', 'Content-Length');
        ensureFollowing(c.stream, c.mi);
        return fSlot(c, ci, 'value');
      }
      case 'get-body-request':
        m.method = 'GET';
        setRawBody(m, requestText(hostOf(m)));
        return mSlot(c, 'body');
      case 'body-holds-request':
        setRawBody(m, requestText(hostOf(m)));
        return mSlot(c, 'body');
      case 'expect-body-request':
        setRawBody(m, requestText(hostOf(m)));
        setField(m, 'expect', '100-continue', 'Expect');
        return mSlot(c, 'body');
    }
  },
});

/** The connection-management family (catalogue §3.8), in a stable order. */
export const CONNECTION_OPERATORS: readonly Operator[] = [persistence, pipeline, pipelineBody];
