/**
 * {@link SocketOutput}: everything a connection writes goes through here, in order — response pieces, `100
 * Continue`, the server's own answers.
 *
 * Two things make writing cheap. A small response (head and body) is joined into one buffer and written at once:
 * one system call, and none of the stream machinery's per-chunk bookkeeping that a corked writev brings. And
 * while a batch of pipelined requests is being answered in one turn of the event loop, the socket is corked and
 * small responses are collected in an outbox, written as one buffer when the turn is over.
 *
 * Backpressure is the caller's to honour: {@link SocketOutput.send} returns a promise that settles when the
 * socket's write buffer has drained (or rejects when the connection is abandoned first).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { RESOLVED } from './response.js';

// Responses up to this size are copied into one buffer and written at once.
const COALESCE_BYTES = 16 * 1024;

// The pieces, `total` bytes in all, copied into one buffer. Pieces of a few dozen bytes (a small body) are copied
// by hand: a native copy costs more than they do.
function joinPieces(pieces: readonly Uint8Array[], total: number): Buffer {
  const joined = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const length = piece.length;
    if (length < 32) for (let k = 0; k < length; k++) joined[at + k] = piece[k]!;
    else joined.set(piece, at);
    at += length;
  }
  return joined;
}

function uncorkAtEndOfTurn(output: SocketOutput): void {
  output.uncork();
}

/** The write side of one connection's socket. */
export class SocketOutput {
  private readonly socket: Socket;
  /** Writes are being held until the end of this turn of the event loop. */
  private corked = false;
  // While corked, small responses are collected here and written as one buffer (see send); null when empty.
  private outbox: Uint8Array[] | null = null;
  private outboxBytes = 0;
  // Made on the first wait for `drain` (most connections never wait): null until then.
  private drainWaiters: { resolve: () => void; reject: (error: unknown) => void }[] | null = null;

  /** @param socket - the connection's socket */
  constructor(socket: Socket) {
    this.socket = socket;
  }

  /**
   * Holds writes until the end of this turn of the event loop (pipelined requests: their responses are produced
   * in this turn, handler by handler through promise jobs, and go out together). Does nothing if already held.
   */
  corkForTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(uncorkAtEndOfTurn, this);
  }

  /** Writes what was held, then lets the socket write again. */
  uncork(): void {
    this.corked = false;
    this.flush();
    if (!this.socket.destroyed) this.socket.uncork();
  }

  /**
   * Writes a response's pieces, in order after everything written before.
   *
   * @returns {@link RESOLVED} when the socket can take more now; otherwise a promise that resolves on `drain`
   *   (or rejects when the connection is abandoned first)
   */
  send(pieces: readonly Uint8Array[]): Promise<void> {
    const socket = this.socket;
    let total = 0;
    for (let i = 0; i < pieces.length; i++) total += pieces[i]!.length;
    if (this.corked && total <= COALESCE_BYTES) {
      // Pipelined responses produced in this turn: collect them and write them as one buffer when the turn is
      // over (or once they fill COALESCE_BYTES, so that the socket's backpressure still sees them): one write
      // and one system call for the batch, not a corked writev of one chunk per response.
      const outbox = (this.outbox ??= []);
      for (let i = 0; i < pieces.length; i++) outbox.push(pieces[i]!);
      this.outboxBytes += total;
      if (this.outboxBytes >= COALESCE_BYTES) this.flush();
    } else {
      this.flush();
      if (pieces.length === 1) {
        socket.write(pieces[0]!);
      } else if (total <= COALESCE_BYTES) {
        socket.write(joinPieces(pieces, total));
      } else {
        socket.cork();
        for (const piece of pieces) socket.write(piece);
        socket.uncork();
      }
    }
    if (!socket.writableNeedDrain) return RESOLVED;
    return new Promise((resolve, reject) => (this.drainWaiters ??= []).push({ resolve, reject }));
  }

  /** Writes bytes of the server's own (an interim or error response) after what is held, at once. */
  write(bytes: Uint8Array): void {
    this.flush();
    this.socket.write(bytes);
  }

  /** Writes what {@link send} collected, in order, before anything else is written. */
  flush(): void {
    const outbox = this.outbox;
    if (outbox === null) return;
    this.outbox = null;
    const total = this.outboxBytes;
    this.outboxBytes = 0;
    if (this.socket.destroyed) return;
    if (outbox.length === 1) {
      this.socket.write(outbox[0]!);
      return;
    }
    this.socket.write(joinPieces(outbox, total));
  }

  /** The socket's write buffer emptied: every {@link send} waiting for it resolves. */
  drained(): void {
    const waiters = this.drainWaiters;
    if (waiters === null) return;
    this.drainWaiters = null;
    for (const waiter of waiters) waiter.resolve();
  }

  /** Whether anything waits for the socket to drain. */
  get hasWaiters(): boolean {
    return this.drainWaiters !== null && this.drainWaiters.length > 0;
  }

  /** The connection is abandoned: every {@link send} still waiting rejects with `error`. */
  abandon(error: unknown): void {
    const waiters = this.drainWaiters;
    if (waiters === null) return;
    this.drainWaiters = null;
    for (const waiter of waiters) waiter.reject(error);
  }
}
