/**
 * Host (RFC 9112 §3.2, RFC 9110 §7.2): a server MUST answer 400 to an HTTP/1.1 request without Host, to any
 * request with more than one Host line, and to a Host whose value is not `uri-host [":" port]`.
 *
 * @module
 */
import { accepted, accepts, defineCases, message, mustRefuse, refuses } from '../build.js';
import type { CaseInit } from '../build.js';

const S32 = 'RFC 9112 §3.2';

// Host values that are not uri-host [":" port]: each MUST be answered 400.
const INVALID_HOSTS: readonly [string, string, string][] = [
  ['userinfo', 'user@localhost', 'userinfo'],
  ['path', 'localhost/x', 'a path'],
  ['space', 'local host', 'a SP inside'],
  ['port-letters', 'localhost:8o', 'a port with a letter'],
  ['two-ports', 'localhost:80:80', 'two ports'],
  ['comma-space-list', 'localhost, other', 'a list of two hosts'],
  ['ipv6-unclosed', '[::1', 'an unclosed IP-literal'],
  ['ipv6-bad-char', '[::g]', 'a non-hex character in an IP-literal'],
  ['obs-text', 'caf\xe9.test', 'obs-text (byte 0xE9)'],
  ['query', 'localhost?x', 'a "?"'],
  ['fragment', 'localhost#x', 'a "#"'],
  ['backslash', 'localhost\\x', 'a backslash'],
  ['bad-pct', 'local%zzhost', 'a "%" not followed by two hex digits'],
];

// Host values that are valid: a server parses them (it may still refuse a host it does not serve with 400/421).
const VALID_HOSTS: readonly [string, string, string][] = [
  ['port', 'localhost:8080', 'a port'],
  ['ipv4', '127.0.0.1', 'an IPv4 address'],
  ['ipv6', '[::1]', 'an IPv6 literal'],
  ['ipv6-port', '[::1]:80', 'an IPv6 literal and a port'],
  ['upper-case', 'LOCALHOST', 'upper case'],
  ['trailing-dot', 'localhost.', 'a trailing dot'],
  ['underscore', 'local_host', 'an underscore'],
];

const cases: CaseInit[] = [
  {
    id: 'missing-http11',
    section: S32,
    level: 'MUST',
    description: 'An HTTP/1.1 request without Host: the server MUST answer 400.',
    request: message('GET / HTTP/1.1', []),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [282],
  },
  {
    id: 'missing-http10',
    section: S32,
    level: 'MUST',
    description: 'An HTTP/1.0 request without Host is valid.',
    request: message('GET / HTTP/1.0', []),
    outcomes: accepts(),
    catalogue: [283],
  },
  {
    id: 'duplicate-same',
    section: S32,
    level: 'MUST',
    description: 'Two Host lines with the same value: more than one Host line MUST be answered 400.',
    request: message('GET / HTTP/1.1', ['Host: localhost', 'Host: localhost']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [285],
  },
  {
    id: 'duplicate-different',
    section: S32,
    level: 'MUST',
    description: 'Two Host lines with different values: 400.',
    request: message('GET / HTTP/1.1', ['Host: localhost', 'Host: other.example']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [284],
  },
  {
    id: 'duplicate-case',
    section: S32,
    level: 'MUST',
    description: 'Host and host: the same field twice (names are case-insensitive): 400.',
    request: message('GET / HTTP/1.1', ['Host: localhost', 'host: localhost']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [284],
  },
  {
    id: 'duplicate-http10',
    section: S32,
    level: 'MUST',
    description: 'Two Host lines in an HTTP/1.0 request: the rule covers any request message; 400.',
    request: message('GET / HTTP/1.0', ['Host: localhost', 'Host: other.example']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [284],
  },
  {
    id: 'duplicate-empty-second',
    section: S32,
    level: 'MUST',
    description: 'A Host line and an empty Host line: still two Host lines; 400.',
    request: message('GET / HTTP/1.1', ['Host: localhost', 'Host:']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [284],
  },
  {
    id: 'empty',
    section: 'RFC 9110 §7.2',
    level: 'MAY',
    description: 'An empty Host value is syntactically valid (reg-name may be empty); accept it or refuse it.',
    request: message('GET / HTTP/1.1', ['Host:']),
    outcomes: [...accepts(), ...refuses({ close: 'may' })],
    catalogue: [289],
  },
  ...INVALID_HOSTS.map(([name, value, what]): CaseInit => ({
    id: `invalid-${name}`,
    section: S32,
    level: 'MUST',
    description: `A Host value with ${what} is not uri-host [":" port]: 400.`,
    request: message('GET / HTTP/1.1', [`Host: ${value}`]),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: name === 'userinfo' ? [287] : name === 'path' ? [288] : name === 'comma-space-list' ? [286] : [290],
  })),
  {
    id: 'invalid-nul',
    section: S32,
    level: 'MUST',
    description: 'A NUL inside Host: reject, or replace it with SP, which leaves an invalid Host; 400 either way.',
    request: message('GET / HTTP/1.1', ['Host: localhost\x00.evil']),
    outcomes: mustRefuse({ close: 'may' }),
    catalogue: [119],
  },
  {
    id: 'sp-before-colon',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: '"Host : localhost": whitespace before the colon MUST be answered 400.',
    request: message('GET / HTTP/1.1', ['Host : localhost']),
    outcomes: mustRefuse(),
    catalogue: [290],
  },
  ...VALID_HOSTS.map(([name, value, what]): CaseInit => ({
    id: `valid-${name}`,
    section: S32,
    level: 'MUST',
    description: `A Host value with ${what} is valid.`,
    request: message('GET / HTTP/1.1', [`Host: ${value}`]),
    outcomes: [
      ...accepts({ headers: { Host: value } }),
      { label: 'misdirected request (421): the server does not serve this host', responses: [{ status: [421] }] },
    ],
  })),
  {
    id: 'valid-empty-port',
    section: S32,
    level: 'SHOULD',
    description: '"localhost:" has an empty port, which RFC 3986 allows; accepting is expected, refusing is safe.',
    request: message('GET / HTTP/1.1', ['Host: localhost:']),
    outcomes: [
      ...accepts(),
      ...refuses({ close: 'may', why: 'an empty port is valid' }).map((o) => ({ ...o, verdict: 'warn' as const })),
    ],
  },
  {
    id: 'valid-comma-reg-name',
    section: S32,
    level: 'MAY',
    description: '"localhost,other" is one reg-name (sub-delims allow ","), not a list; accept or refuse.',
    request: message('GET / HTTP/1.1', ['Host: localhost,other']),
    outcomes: [...accepts(), ...refuses({ close: 'may' })],
    catalogue: [286],
  },
  {
    id: 'valid-pct-encoded',
    section: S32,
    level: 'MAY',
    description: '"local%68ost" is a reg-name with a percent-encoded octet: valid; accept or refuse.',
    request: message('GET / HTTP/1.1', ['Host: local%68ost']),
    outcomes: [...accepts(), ...refuses({ close: 'may' })],
  },
  {
    id: 'valid-htab-ows',
    section: 'RFC 9112 §5.1',
    level: 'MUST',
    description: 'HTAB around the Host value is OWS; the value is "localhost".',
    request: message('GET / HTTP/1.1', ['Host:\tlocalhost\t']),
    outcomes: accepts({ headers: { Host: 'localhost' } }),
  },
  {
    id: 'after-other-fields',
    section: S32,
    level: 'MUST',
    description: 'Host after other fields (it need not come first).',
    request: message('GET / HTTP/1.1', ['Accept: */*', 'X-Probe: v', 'Host: localhost']),
    outcomes: accepts({ headers: { Host: 'localhost' } }),
  },
  {
    id: 'in-trailer-ignored',
    section: 'RFC 9110 §6.5.1',
    level: 'MUST',
    description: 'A Host field in a chunked trailer does not replace the header Host (fields in trailers are separate).',
    request: message('POST / HTTP/1.1', ['Host: localhost', 'Transfer-Encoding: chunked'], '5\r\nhello\r\n0\r\nHost: other.example\r\n\r\n'),
    outcomes: [
      ...accepts({ body: 'hello', headers: { Host: 'localhost' } }),
      ...refuses({ why: 'a Host trailer' }),
    ],
    catalogue: [274],
  },
];

/** The Host cases. */
export const hostCases = defineCases('host', cases);
