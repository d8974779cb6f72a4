/**
 * The schema of h1ref's conformance suite. The types live with the probe that runs them (`src/probe/case.ts`),
 * so that the library reads no suite data; the suite imports them from there.
 *
 * @module
 */
export * from '../src/probe/case.js';
