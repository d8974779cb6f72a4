/**
 * The catalogue operators: one family per section §3.1–§3.9 of the discrepancy catalogue
 * (`src/probe/catalogue.ts`, `docs/catalogue.md`), each an array of {@link Operator}s with named variants.
 * `catalogue.ts` maps every class of those sections to the operator and variant that produce it.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { CHUNKED_OPERATORS } from './chunked.js';
import { CONNECTION_OPERATORS } from './connection.js';
import { CONTENT_LENGTH_OPERATORS } from './content-length.js';
import { EXPECT_UPGRADE_METHODS_OPERATORS } from './expect-upgrade-methods.js';
import { FIELD_SYNTAX_OPERATORS } from './field-syntax.js';
import { FIELD_VALUES_OPERATORS } from './field-values.js';
import { HOST_OPERATORS } from './host.js';
import { REQUEST_LINE_OPERATORS } from './request-line.js';
import { TRANSFER_ENCODING_OPERATORS } from './transfer-encoding.js';

export {
  CHUNKED_OPERATORS, CONNECTION_OPERATORS, CONTENT_LENGTH_OPERATORS, EXPECT_UPGRADE_METHODS_OPERATORS, FIELD_SYNTAX_OPERATORS,
  FIELD_VALUES_OPERATORS, HOST_OPERATORS, REQUEST_LINE_OPERATORS, TRANSFER_ENCODING_OPERATORS,
};

/** Every catalogue operator, family by family in catalogue order (§3.1 first), each family in its own order. */
export const CATALOGUE_OPERATORS: readonly Operator[] = Object.freeze([
  ...REQUEST_LINE_OPERATORS,
  ...FIELD_SYNTAX_OPERATORS,
  ...FIELD_VALUES_OPERATORS,
  ...CONTENT_LENGTH_OPERATORS,
  ...TRANSFER_ENCODING_OPERATORS,
  ...CHUNKED_OPERATORS,
  ...HOST_OPERATORS,
  ...CONNECTION_OPERATORS,
  ...EXPECT_UPGRADE_METHODS_OPERATORS,
]);

const BY_NAME: ReadonlyMap<string, Operator> = new Map(CATALOGUE_OPERATORS.map((op) => [op.name, op]));

/** The catalogue operator called `name`, or undefined when there is none. */
export function operatorByName(name: string): Operator | undefined {
  return BY_NAME.get(name);
}
