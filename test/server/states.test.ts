// The server's state tables (src/server/states.ts), driven on real objects: every step the tables allow is taken
// by a Connection or an Exchange, and every other step — backwards, to the same state, out of a final state — is
// refused with an IllegalTransitionError (a bug in the server, never a peer's fault).
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionHost } from '../../src/server/connection.js';
import { Exchange, type ExchangeOwner } from '../../src/server/exchange.js';
import { resolveServerOptions } from '../../src/server/options.js';
import {
  CLOSED, CONNECTION_STATE_NAMES, CONNECTION_STEPS, type ConnectionState, DISCARDING, DONE, DRAINING, HANDLING,
  IllegalTransitionError, LINGERING, OPEN, QUEUED, RESPONSE_STATE_NAMES, RESPONSE_STEPS, type ResponseState, SENDING,
} from '../../src/server/states.js';

// The steps as the design allows them, written out here so that a change to a table is a change to this test.
const CONNECTION_LEGAL: readonly [ConnectionState, ConnectionState][] = [
  [OPEN, DRAINING], [OPEN, DISCARDING], [OPEN, LINGERING], [OPEN, CLOSED],
  [DRAINING, DISCARDING], [DRAINING, LINGERING], [DRAINING, CLOSED],
  [DISCARDING, LINGERING], [DISCARDING, CLOSED],
  [LINGERING, CLOSED],
];
const RESPONSE_LEGAL: readonly [ResponseState, ResponseState][] = [
  [QUEUED, HANDLING], [QUEUED, DONE],
  [HANDLING, SENDING], [HANDLING, DONE],
  [SENDING, DONE],
];

// A legal way from the first state to `state` (the states are numbered in the order they are reached).
function pathTo(steps: readonly number[], state: number): number[] {
  const path: number[] = [];
  for (let at = 0; at !== state;) {
    const next = [...Array(steps.length).keys()].find((to) => to > at && to <= state && (steps[at]! & (1 << to)) !== 0);
    if (next === undefined) throw new Error(`no way to state ${state}`);
    path.push(next);
    at = next;
  }
  return path;
}

function eachPair(count: number, visit: (from: number, to: number) => void): void {
  for (let from = 0; from < count; from++) for (let to = 0; to < count; to++) visit(from, to);
}

describe('connection lifecycle: open → draining → discarding → lingering → closed', () => {
  const host: ConnectionHost = { options: resolveServerOptions({}), handler: () => {}, connectionClosed: () => {}, openConnections: 1 };
  const fresh = (): Connection => new Connection(new net.Socket(), host);

  it('the table allows exactly the listed steps', () => {
    const allowed: [number, number][] = [];
    eachPair(CONNECTION_STATE_NAMES.length, (from, to) => {
      if ((CONNECTION_STEPS[from]! & (1 << to)) !== 0) allowed.push([from, to]);
    });
    expect(allowed).toEqual(CONNECTION_LEGAL);
  });

  it('a connection takes every legal step and refuses every other one', () => {
    eachPair(CONNECTION_STATE_NAMES.length, (from, to) => {
      const connection = fresh();
      try {
        expect(connection.state).toBe(OPEN);
        for (const state of pathTo(CONNECTION_STEPS, from)) connection.transition(state as ConnectionState);
        expect(connection.state).toBe(from);
        const legal = CONNECTION_LEGAL.some(([a, b]) => a === from && b === to);
        const name = `${CONNECTION_STATE_NAMES[from]} → ${CONNECTION_STATE_NAMES[to]}`;
        if (legal) {
          connection.transition(to as ConnectionState);
          expect(connection.state, name).toBe(to);
        } else {
          expect(() => connection.transition(to as ConnectionState), name).toThrow(IllegalTransitionError);
          expect(() => connection.transition(to as ConnectionState), name).toThrow(`cannot go from ${CONNECTION_STATE_NAMES[from]} to ${CONNECTION_STATE_NAMES[to]}`);
          expect(connection.state, `${name} left the state alone`).toBe(from);
        }
      } finally {
        connection.socket.destroy();
      }
    });
  });
});

describe('response progress: queued → handling → sending → done', () => {
  const owner: ExchangeOwner = {
    decideClose: () => false, sendFor: () => Promise.resolve(), finishResponse: () => {}, isGone: () => false, firstRead: () => {}, consumed: () => {},
  };
  const fresh = (): Exchange => new Exchange(owner, null, null, undefined, false);

  it('the table allows exactly the listed steps', () => {
    const allowed: [number, number][] = [];
    eachPair(RESPONSE_STATE_NAMES.length, (from, to) => {
      if ((RESPONSE_STEPS[from]! & (1 << to)) !== 0) allowed.push([from, to]);
    });
    expect(allowed).toEqual(RESPONSE_LEGAL);
  });

  it('an exchange takes every legal step and refuses every other one', () => {
    eachPair(RESPONSE_STATE_NAMES.length, (from, to) => {
      const exchange = fresh();
      expect(exchange.state).toBe(QUEUED);
      for (const state of pathTo(RESPONSE_STEPS, from)) exchange.transition(state as ResponseState);
      expect(exchange.state).toBe(from);
      const legal = RESPONSE_LEGAL.some(([a, b]) => a === from && b === to);
      const name = `${RESPONSE_STATE_NAMES[from]} → ${RESPONSE_STATE_NAMES[to]}`;
      if (legal) {
        exchange.transition(to as ResponseState);
        expect(exchange.state, name).toBe(to);
      } else {
        expect(() => exchange.transition(to as ResponseState), name).toThrow(IllegalTransitionError);
        expect(exchange.state, `${name} left the state alone`).toBe(from);
      }
    });
  });

  it('an exchange leaves the queue only once its response is done', () => {
    const exchange = fresh();
    for (const state of [HANDLING, SENDING] as const) {
      exchange.transition(state);
      expect(exchange.done).toBe(false);
    }
    exchange.transition(DONE);
    expect(exchange.done).toBe(true);
  });
});
