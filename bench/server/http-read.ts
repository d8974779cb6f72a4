/**
 * A minimal reader of `Content-Length` responses on a raw socket, for the checks the benchmark makes on the
 * servers (the right answer, one response per request, the close after `Connection: close`) and for the
 * idle-connection client. It only needs to understand the servers' answers to a GET, not HTTP in general.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import type { AnswerKind } from './protocol.js';
import { BODY_TEXT } from './servers/response.js';

/** The request every check and the idle client send (wrk sends the same shape), optionally asking for the close. */
export function getRequest(port: number, close = false): Buffer {
  return Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`, 'latin1');
}

/** Splits complete responses off the front of the bytes received so far. */
export class ResponseReader {
  private buffered: Buffer = Buffer.alloc(0);
  /** Each complete response, as text (latin1). */
  readonly responses: string[] = [];

  /** Bytes received after the last complete response. */
  get pendingBytes(): number {
    return this.buffered.length;
  }

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

const fromBase64 = (text: unknown): string | undefined => (typeof text === 'string' ? Buffer.from(text, 'base64').toString('latin1') : undefined);

/** Why `body` is not the answer of this kind to `GET /`, or undefined when it is. */
function checkBody(answer: AnswerKind, body: string): string | undefined {
  if (answer === 'hello') return body === BODY_TEXT ? undefined : `body: ${JSON.stringify(body.slice(0, 40))}`;
  if (answer === 'raw-echo') return body.startsWith('GET / HTTP/1.1\r\n') ? undefined : `raw echo: ${JSON.stringify(body.slice(0, 40))}`;
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(Buffer.from(body, 'latin1').toString('utf8')) as Record<string, unknown>;
  } catch {
    return `echo body is not JSON: ${JSON.stringify(body.slice(0, 40))}`;
  }
  // h1ref's echo names them method and target; Garden's, method and uri, in base64.
  const method = answer === 'echo' ? document['method'] : fromBase64(document['method']);
  const target = answer === 'echo' ? document['target'] : fromBase64(document['uri']);
  return method === 'GET' && target === '/' ? undefined : `echo of ${JSON.stringify(method)} ${JSON.stringify(target)}, not GET /`;
}

/** Why a response is not `200` with the expected answer of this kind to `GET /`, or undefined when it is. */
export function checkResponse(response: string, answer: AnswerKind): string | undefined {
  if (!response.startsWith('HTTP/1.1 200 ')) return `status line: ${JSON.stringify(response.split('\r\n', 1)[0])}`;
  return checkBody(answer, response.slice(response.indexOf('\r\n\r\n') + 4));
}

/** What {@link checkServer} sends and expects. */
export interface Check {
  /** Requests, sent in one write (pipelining when more than one). */
  readonly count: number;
  readonly answer: AnswerKind;
  /**
   * The last request asks for the close: its answer must say `Connection: close` and the server must then close
   * the connection without sending anything more (RFC 9112 §9.6).
   */
  readonly close?: boolean;
}

/**
 * Sends the requests of `check` on a new connection and checks every response (and the close, when asked for).
 * Resolves with the size of one response in bytes; rejects naming what is wrong.
 */
export function checkServer(port: number, check: Check, timeoutMs = 5000): Promise<number> {
  const { count, answer, close = false } = check;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const reader = new ResponseReader();
    let complete = false;
    const settle = (error: Error | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error !== undefined) reject(error);
      else resolve(Buffer.byteLength(reader.responses[0]!, 'latin1'));
    };
    const timer = setTimeout(() => {
      const what = complete ? 'the server did not close the connection' : `${reader.responses.length} of ${count} responses`;
      settle(new Error(`${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', settle);
    socket.on('connect', () => socket.write(Buffer.concat(Array.from({ length: count }, (_, i) => getRequest(port, close && i === count - 1)))));
    socket.on('end', () => settle(complete && close ? undefined : new Error(`closed by the server after ${reader.responses.length} of ${count} responses`)));
    socket.on('data', (chunk: Buffer) => {
      if (complete) {
        settle(new Error(`${chunk.length} bytes after the last response: ${JSON.stringify(chunk.toString('latin1', 0, 40))}`));
        return;
      }
      try {
        if (reader.push(chunk) < count) return;
      } catch (error) {
        settle(error as Error);
        return;
      }
      complete = true;
      const bad = reader.responses.map((r) => checkResponse(r, answer)).find((why) => why !== undefined);
      const last = reader.responses[reader.responses.length - 1]!;
      if (bad !== undefined) settle(new Error(bad));
      else if (reader.responses.length !== count || reader.pendingBytes !== 0) settle(new Error(`${reader.responses.length} responses and ${reader.pendingBytes} more bytes to ${count} requests`));
      else if (!close) settle(undefined);
      else if (!/\r\nconnection:[ \t]*close\r\n/i.test(last.slice(0, last.indexOf('\r\n\r\n') + 2))) settle(new Error('the answer to Connection: close does not announce the close'));
      // else: wait for the server's FIN ('end').
    });
  });
}
