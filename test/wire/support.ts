// Small helpers shared by the wire-grammar unit tests.
import { latin1, latin1Bytes } from '../../src/wire/latin1.js';
import { ProtocolError } from '../../src/wire/protocol-error.js';

/** The bytes of a string whose code units are all below 256, one byte per code unit. */
export function bytes(text: string): Uint8Array {
  return new Uint8Array(latin1Bytes(text));
}

/** A string decoded one byte per code unit. */
export function text(data: Uint8Array, start = 0, end = data.length): string {
  return latin1(data, start, end);
}

/** Asserts a grammar result is a ProtocolError and returns it (a TypeScript-friendly narrowing). */
export function asError(result: unknown): ProtocolError {
  if (!(result instanceof ProtocolError)) {
    throw new Error(`expected a ProtocolError, got ${JSON.stringify(result)}`);
  }
  return result;
}

/** Asserts a grammar result is not a ProtocolError and returns it. */
export function asValue<T>(result: T | ProtocolError): T {
  if (result instanceof ProtocolError) {
    throw new Error(`expected a value, got ProtocolError ${result.code} at ${result.offset}: ${result.message}`);
  }
  return result;
}

/** The code, status and offset of an error, for compact assertions. */
export function brief(result: unknown): { code: string; status: number; offset: number } {
  const error = asError(result);
  return { code: error.code, status: error.status, offset: error.offset };
}
