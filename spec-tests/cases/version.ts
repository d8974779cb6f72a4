/**
 * The HTTP-version (RFC 9112 §2.3, RFC 9110 §6.2): `HTTP/` DIGIT `.` DIGIT, case-sensitive; higher minor
 * versions are treated as the highest one implemented; other major versions may be answered 505.
 *
 * @module
 */
import { accepted, accepts, defineCases, HOST_LINE, invalid, message, refuses } from '../build.js';
import type { CaseInit } from '../build.js';
import type { Outcome } from '../schema.js';

const S23 = 'RFC 9112 §2.3';

// Malformed versions: 400 expected; 505 is a reasonable answer too when the server reads a version it refuses.
const MALFORMED: readonly [string, string, string][] = [
  ['lowercase', 'http/1.1', 'HTTP-name is case-sensitive'],
  ['mixed-case', 'Http/1.1', 'HTTP-name is case-sensitive'],
  ['missing-minor', 'HTTP/1', 'no minor version'],
  ['missing-dot', 'HTTP/11', 'no dot'],
  ['two-digit-major', 'HTTP/11.1', 'one DIGIT only for the major version'],
  ['two-digit-minor', 'HTTP/1.10', 'one DIGIT only for the minor version'],
  ['leading-zero', 'HTTP/01.1', 'one DIGIT only (no leading zero)'],
  ['comma', 'HTTP/1,1', 'a comma for the dot'],
  ['letters', 'HTTP/a.b', 'letters for digits'],
  ['no-slash', 'HTTP1.1', 'no slash'],
  ['misspelt', 'HTP/1.1', 'the name misspelt'],
  ['https', 'HTTPS/1.1', 'a protocol name that is not HTTP'],
  ['trailing-dot', 'HTTP/1.1.', 'a trailing dot'],
  ['negative', 'HTTP/-1.1', 'a sign'],
  ['huge', 'HTTP/4294967297.1', 'a huge major version (overflow bait)'],
  ['nul', 'HTTP/1.1\x00', 'a NUL byte after it'],
  ['empty', 'HTTP/', 'no digits'],
];

function malformed(): Outcome[] {
  return [
    ...invalid({ status: [400, 505] }),
  ];
}

const cases: CaseInit[] = [
  {
    id: 'http10',
    section: S23,
    level: 'MUST',
    description: 'An HTTP/1.0 request (no Host needed) is parsed and answered.',
    request: message('GET / HTTP/1.0', []),
    outcomes: accepts({ version: '1.0' }),
  },
  {
    id: 'http10-with-host',
    section: S23,
    level: 'MUST',
    description: 'An HTTP/1.0 request with Host.',
    request: message('GET / HTTP/1.0', [HOST_LINE]),
    outcomes: accepts({ version: '1.0' }),
  },
  ...['1.2', '1.9'].map((minor): CaseInit => ({
    id: `http${minor.replace('.', '')}`,
    section: 'RFC 9110 §6.2',
    level: 'SHOULD',
    description: `HTTP/${minor}: a higher minor version is processed as the highest 1.x the server implements.`,
    request: message(`GET / HTTP/${minor}`, [HOST_LINE]),
    outcomes: [
      ...accepts(),
      ...refuses({ status: [400, 505], why: 'HTTP/1.x should be processed as 1.1' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
    catalogue: [46],
  })),
  ...['2.0', '3.0', '0.9', '9.9'].map((v): CaseInit => ({
    id: `http${v.replace('.', '')}`,
    section: 'RFC 9110 §15.6.6',
    level: 'SHOULD',
    description: `HTTP/${v} in an HTTP/1 request-line: a major version the server does not speak; 505 (or 400).`,
    request: message(`GET / HTTP/${v}`, [HOST_LINE]),
    outcomes: [
      ...refuses({ status: [505, 400] }),
      { label: `process it as HTTP/1.1`, verdict: 'warn', responses: [accepted()] },
    ],
    catalogue: [47, 48],
  })),
  ...MALFORMED.map(([name, version, why]): CaseInit => ({
    id: `malformed-${name}`,
    section: S23,
    level: 'SHOULD',
    description: `"${version}" is not an HTTP-version (${why}): invalid.`,
    request: message(`GET / ${version}`, [HOST_LINE]),
    outcomes: malformed(),
    catalogue: name === 'lowercase' ? [41] : name === 'missing-minor' ? [42] : name === 'leading-zero' ? [43] : name === 'huge' ? [40] : [45],
  })),
  {
    id: 'space-inside',
    section: S23,
    level: 'SHOULD',
    description: '"HTTP/ 1.1": a SP inside the version makes the request-line four words; invalid.',
    request: message('GET / HTTP/ 1.1', [HOST_LINE]),
    outcomes: malformed(),
    catalogue: [44],
  },
  {
    id: 'bare-cr-inside',
    section: 'RFC 9112 §2.2',
    level: 'MUST',
    description: '"HTTP/\\r1.1": a bare CR inside the version MUST be treated as invalid (or replaced with SP).',
    request: message('GET / HTTP/\r1.1', [HOST_LINE]),
    outcomes: [
      ...refuses({ status: [400, 505] }),
      { label: 'accept a version with a bare CR', verdict: 'fail', responses: [accepted()] },
    ],
    catalogue: [39],
  },
];

/** The HTTP-version cases. */
export const versionCases = defineCases('version', cases);
