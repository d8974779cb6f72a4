// Whole inputs for the properties: sequences of messages on one connection, valid or mutated, with the parser
// that reads them.
import fc from 'fast-check';
import type { ParserOptions } from '../../../src/parser/options.js';
import type { ParserSpec } from './feed.js';
import { exchange, exchangeSequence, methodsOf, request, requestSequence, responsesOf, styledMessages, writeMessages, type MessageModel } from './messages.js';
import { mutate, mutations, type Mutation } from './mutate.js';

/** An input for a parser, with what it was made from (fast-check prints it with a counterexample). */
export interface Input {
  readonly spec: ParserSpec;
  readonly bytes: Uint8Array;
  /** Whether the bytes are the messages unmutated (so a parser with default options must accept them). */
  readonly valid: boolean;
  readonly styled: boolean;
  readonly mutations: readonly Mutation[];
}

function build(spec: ParserSpec, models: readonly MessageModel[], styled: boolean, seed: number, muts: readonly Mutation[]): Input {
  const clean = styled ? styledMessages(models, seed) : writeMessages(models);
  return { spec, bytes: muts.length === 0 ? clean : mutate(clean, muts), valid: muts.length === 0, styled, mutations: muts };
}

const maybeMutations: fc.Arbitrary<Mutation[]> = fc.oneof(fc.constant([] as Mutation[]), mutations);

/**
 * Requests on one connection: either a keep-alive pipeline, or messages each of which may close the connection
 * or switch protocols (the parser must then ignore or hold what follows).
 */
export const requestModels: fc.Arbitrary<MessageModel[]> = fc.oneof(
  { weight: 3, arbitrary: requestSequence(4) },
  { weight: 1, arbitrary: fc.array(request(true), { minLength: 1, maxLength: 3 }) },
);

/** Responses on one connection, with the request methods to tell the parser. */
export const responseModels: fc.Arbitrary<{ models: MessageModel[]; methods: string[] }> = fc
  .oneof({ weight: 3, arbitrary: exchangeSequence(3) }, { weight: 1, arbitrary: fc.array(exchange(true), { minLength: 1, maxLength: 3 }) })
  .map((exchanges) => ({ models: responsesOf(exchanges), methods: methodsOf(exchanges) }));

export const requestInput = (options: fc.Arbitrary<ParserOptions> = fc.constant({}), muts = maybeMutations): fc.Arbitrary<Input> =>
  fc
    .tuple(requestModels, fc.boolean(), fc.nat(), muts, options)
    .map(([models, styled, seed, m, opts]) => build({ kind: 'request', options: opts }, models, styled, seed, m));

export const responseInput = (options: fc.Arbitrary<ParserOptions> = fc.constant({}), muts = maybeMutations): fc.Arbitrary<Input> =>
  fc
    .tuple(responseModels, fc.boolean(), fc.nat(), muts, options)
    .map(([{ models, methods }, styled, seed, m, opts]) => build({ kind: 'response', options: opts, methods }, models, styled, seed, m));

export const anyInput = (options?: fc.Arbitrary<ParserOptions>, muts?: fc.Arbitrary<Mutation[]>): fc.Arbitrary<Input> =>
  fc.oneof(requestInput(options, muts), responseInput(options, muts));
