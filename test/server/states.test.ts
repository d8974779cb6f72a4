// The server's state tables (src/server/states.ts), driven on real objects: every step the tables allow is taken
// by a Connection or an Exchange, and every other step — backwards, to the same state, out of a final state — is
// refused with an IllegalTransitionError (a bug in the server, never a peer's fault).
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionHost } from '../../src/server/connection.js';
import { Exchange, type ExchangeOwner } from '../../src/server/exchange.js';
import { resolveServerOptions } from '../../src/server/options.js';
import { ParserPool } from '../../src/server/parser-pool.js';
import {
  CLOSED, CONNECTION_MACHINE, type ConnectionState, DISCARDING, DONE, DRAINING, HANDLING, IllegalTransitionError, LINGERING,
  OPEN, QUEUED, RESPONSE_MACHINE, type ResponseState, SENDING, type StateMachine,
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

/** Something that moves through a machine's states. */
interface Walker {
  readonly state: number;
  transition(to: never): void;
}

// The table allows exactly `legal`; a fresh walker takes every legal step and refuses every other one (from
// each state, to each state), leaving its state alone when it refuses.
function checkMachine(machine: StateMachine, legal: readonly (readonly [number, number])[], fresh: () => Walker, release: (walker: Walker) => void = () => {}): void {
  const count = machine.states.length;
  const allowed: [number, number][] = [];
  for (let from = 0; from < count; from++) {
    for (let to = 0; to < count; to++) if ((machine.steps[from]! & (1 << to)) !== 0) allowed.push([from, to]);
  }
  expect(allowed).toEqual(legal);
  for (let from = 0; from < count; from++) {
    for (let to = 0; to < count; to++) {
      const walker = fresh();
      const take = (state: number): void => walker.transition(state as never);
      try {
        expect(walker.state).toBe(0);
        for (const state of pathTo(machine.steps, from)) take(state);
        expect(walker.state).toBe(from);
        const name = `${machine.states[from]} → ${machine.states[to]}`;
        if (legal.some(([a, b]) => a === from && b === to)) {
          take(to);
          expect(walker.state, name).toBe(to);
        } else {
          expect(() => take(to), name).toThrow(IllegalTransitionError);
          expect(() => take(to), name).toThrow(`the ${machine.name} cannot go from ${machine.states[from]} to ${machine.states[to]}`);
          expect(walker.state, `${name} left the state alone`).toBe(from);
        }
      } finally {
        release(walker);
      }
    }
  }
}

describe('connection lifecycle: open → draining → discarding → lingering → closed', () => {
  it('a connection takes every step the table allows, the ones listed here, and refuses every other one', () => {
    const options = resolveServerOptions({});
    const host: ConnectionHost = { options, parsers: new ParserPool({ limits: options.limits, lenient: options.lenient }), handler: () => {}, connectionClosed: () => {}, openConnections: 1 };
    checkMachine(CONNECTION_MACHINE, CONNECTION_LEGAL, () => new Connection(new net.Socket(), host), (c) => (c as Connection).socket.destroy());
  });
});

describe('response progress: queued → handling → sending → done', () => {
  const owner: ExchangeOwner = {
    decideClose: () => false, sendFor: () => Promise.resolve(), finishResponse: () => {}, abortResponse: () => {}, isGone: () => false, firstRead: () => {}, consumed: () => {},
  };
  const fresh = (): Exchange => new Exchange(owner, null, null, undefined, false);

  it('an exchange takes every step the table allows, the ones listed here, and refuses every other one', () => {
    checkMachine(RESPONSE_MACHINE, RESPONSE_LEGAL, fresh);
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
