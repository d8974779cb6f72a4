/**
 * The server's two state machines, as tables in one place (after h11's `_state.py`): the lifecycle of a
 * connection and the progress of each response on it. A state is a small integer; a table row is the set of
 * states a state may move to, as a bit mask, so that checking a step is one lookup and one AND, with nothing
 * allocated. A step the table does not allow is a bug in the server, not bad input from a peer: it throws an
 * {@link IllegalTransitionError}.
 *
 * Connection lifecycle (each step only forward; `closed` can come from any state, when the socket closes):
 *
 * | from         | to                                      | when |
 * | ---          | ---                                     | --- |
 * | `open`       | `draining`                              | no request after the queued ones will be taken: the client ended its side, a request without keep-alive (RFC 9112 §9.3), shutdown, a failed exchange |
 * | `open`, `draining` | `discarding`                      | the parser's output is no longer wanted: a parse error, a body that failed, a refused tunnel, a head during shutdown |
 * | `open`, `draining`, `discarding` | `lingering`         | the last response is on its way: our side ends, what the client still sends is read and dropped (RFC 9112 §9.6) |
 * | any but `closed` | `closed`                            | the socket closed |
 *
 * Response progress, per exchange:
 *
 * | from       | to        | when |
 * | ---        | ---       | --- |
 * | `queued`   | `handling`| its turn came: the handler runs |
 * | `queued`   | `done`    | its turn came and the server answers it itself (a parse error, CONNECT, an unmet expectation) |
 * | `handling` | `sending` | the head went out |
 * | `handling` | `done`    | the server answered instead (the handler failed or timed out before sending), or the handler ended a response the connection could no longer carry |
 * | `sending`  | `done`    | the handler ended its response |
 *
 * @module
 */

/** Connection lifecycle: requests are read and answered. */
export const OPEN = 0;
/** Connection lifecycle: the queued requests are answered, no new one is taken; bodies are still read. */
export const DRAINING = 1;
/** Connection lifecycle: the queued requests are answered; nothing more is parsed. */
export const DISCARDING = 2;
/** Connection lifecycle: our side is ending; what the client sends is read and dropped, within limits. */
export const LINGERING = 3;
/** Connection lifecycle: the socket has closed. */
export const CLOSED = 4;
/** A connection lifecycle state. */
export type ConnectionState = typeof OPEN | typeof DRAINING | typeof DISCARDING | typeof LINGERING | typeof CLOSED;

/** Response progress: waiting for its turn. */
export const QUEUED = 0;
/** Response progress: the handler runs; nothing has been sent. */
export const HANDLING = 1;
/** Response progress: the head has been sent, the response is not complete. */
export const SENDING = 2;
/** Response progress: complete (the handler ended it, or the server answered itself). */
export const DONE = 3;
/** A response progress state. */
export type ResponseState = typeof QUEUED | typeof HANDLING | typeof SENDING | typeof DONE;

const bit = (state: number): number => 1 << state;

/** One of the server's state machines: its name (for messages), its table, and its states' names. */
export interface StateMachine {
  /** What moves through the states, e.g. `connection`. */
  readonly name: string;
  /** `steps[from]` has bit `to` set when the step from `from` to `to` is allowed. */
  readonly steps: readonly number[];
  /** The states' names, by number. */
  readonly states: readonly string[];
}

/** The connection lifecycle. */
export const CONNECTION_MACHINE: StateMachine = {
  name: 'connection',
  steps: [
    /* OPEN */ bit(DRAINING) | bit(DISCARDING) | bit(LINGERING) | bit(CLOSED),
    /* DRAINING */ bit(DISCARDING) | bit(LINGERING) | bit(CLOSED),
    /* DISCARDING */ bit(LINGERING) | bit(CLOSED),
    /* LINGERING */ bit(CLOSED),
    /* CLOSED */ 0,
  ],
  states: ['open', 'draining', 'discarding', 'lingering', 'closed'],
};

/** The progress of one response. */
export const RESPONSE_MACHINE: StateMachine = {
  name: 'response',
  steps: [
    /* QUEUED */ bit(HANDLING) | bit(DONE),
    /* HANDLING */ bit(SENDING) | bit(DONE),
    /* SENDING */ bit(DONE),
    /* DONE */ 0,
  ],
  states: ['queued', 'handling', 'sending', 'done'],
};

/** A step one of the server's state tables does not allow: a bug in the server. */
export class IllegalTransitionError extends Error {
  /**
   * @param machine - the machine whose table refused the step
   * @param from - the state it is in
   * @param to - the state asked for
   */
  constructor(machine: StateMachine, from: number, to: number) {
    super(`internal error: the ${machine.name} cannot go from ${machine.states[from]} to ${machine.states[to]}`);
    this.name = 'IllegalTransitionError';
  }
}

/**
 * A step of `machine` from `from` to `to`: returns `to` when the table allows it.
 *
 * @throws IllegalTransitionError when it does not
 */
export function step<S extends number>(machine: StateMachine, from: S, to: S): S {
  if ((machine.steps[from]! & (1 << to)) === 0) throw new IllegalTransitionError(machine, from, to);
  return to;
}
