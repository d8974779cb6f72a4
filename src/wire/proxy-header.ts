/**
 * The PROXY protocol header (HAProxy's PROXY protocol specification, versions 1 and 2): what a load balancer
 * sends before the first byte of HTTP to tell the server who the client really is.
 *
 * {@link readProxyHeader} reads it from the bytes received so far, with no state of its own: the caller keeps
 * the bytes (at most 107 for version 1, 16 + 65,535 for version 2) and asks again when more arrive. It decides
 * left to right, at the first byte that cannot be part of a valid header, so its answer never depends on how
 * the bytes were cut into reads (a property test checks that): a header split across reads is read like one
 * that came at once. The specification lets a receiver refuse a split header ("may reject an incomplete line
 * which does not contain the CRLF sequence in the first atomic read"); h1ref does not, because TCP segmentation
 * is not the sender's choice, and every other reader in h1ref is split-invariant too.
 *
 * What is refused, the specification says to drop: "Any sequence which does not exactly match the protocol must
 * be discarded and cause the receiver to abort the connection" (§2.1). So an error here carries no status to
 * answer: a server closes the connection without a response.
 *
 * @module
 */
import { readUint16BE } from './byte-order.js';
import { formatIPv4, formatIPv6, readIPv4Text, readIPv6Text, strictDecimal } from './ip-address.js';
import { latin1 } from './latin1.js';

/** Which header versions a listener expects: `any` tells them apart by their first byte (§2.2, end). */
export type ProxyProtocolMode = 'v1' | 'v2' | 'any';

/** One end of the proxied connection. */
export interface ProxyEndpoint {
  /** The address: dotted IPv4, RFC 5952 IPv6 text, or a UNIX socket path. */
  readonly address: string;
  /** The port (absent for UNIX sockets). */
  readonly port?: number;
}

/**
 * The proxied connection's transport and family: TCP or UDP over IPv4 or IPv6, a UNIX stream or datagram
 * socket, or `unspecified` (v1 `UNKNOWN`, v2 `AF_UNSPEC` or `UNSPEC`: the real connection's endpoints apply).
 */
export type ProxyTransport = 'tcp4' | 'tcp6' | 'udp4' | 'udp6' | 'unix-stream' | 'unix-dgram' | 'unspecified';

/** A header that was read. */
export interface ProxyHeader {
  /** 1 (text) or 2 (binary). */
  readonly version: 1 | 2;
  /**
   * `proxy`: the connection is relayed and `source` / `destination` are its original endpoints; `local`
   * (version 2 only): the proxy opened it on its own, for instance a health check, and the real endpoints apply.
   */
  readonly command: 'proxy' | 'local';
  /** The proxied transport; `unspecified` for a `local` command whatever the header says (§2.2). */
  readonly transport: ProxyTransport;
  /** The client's end, when the header gives one that applies. */
  readonly source?: ProxyEndpoint;
  /** The end the client connected to, when the header gives one that applies. */
  readonly destination?: ProxyEndpoint;
  /** How many bytes the header took: the HTTP stream starts right after them. */
  readonly length: number;
}

/** Why a header was refused: the connection is to be closed without a response. */
export interface ProxyHeaderError {
  /** Always `INVALID_PROXY_HEADER`. */
  readonly code: 'INVALID_PROXY_HEADER';
  /** The section of the PROXY protocol specification broken. */
  readonly section: string;
  /** One sentence for the log. */
  readonly message: string;
  /** The offset of the first byte that cannot be part of a valid header. */
  readonly offset: number;
}

/** The outcome of {@link readProxyHeader}: more bytes needed, a header, or an error. */
export type ProxyHeaderRead =
  | {
      /** Every byte so far can still begin a valid header: ask again with more. */
      readonly state: 'incomplete';
    }
  | {
      /** A header was read. */
      readonly state: 'done';
      /** What it says, and how many bytes it took. */
      readonly header: ProxyHeader;
    }
  | {
      /** The bytes cannot be a valid header: close the connection without a response. */
      readonly state: 'error';
      /** Why, and where. */
      readonly error: ProxyHeaderError;
    };

/** The longest version 1 line a receiver must take, CRLF included (§2.1: `PROXY UNKNOWN` with two IPv6 addresses). */
export const PROXY_V1_MAX_LINE = 107;

/** The version 2 signature (§2.2): chosen to be refused by every common protocol that meets it unexpectedly. */
export const PROXY_V2_SIGNATURE: Uint8Array = Uint8Array.of(0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a);

const V1_SECTION = 'PROXY protocol §2.1';
const V2_SECTION = 'PROXY protocol §2.2';
const V1_PREFIX = Uint8Array.of(0x50, 0x52, 0x4f, 0x58, 0x59, 0x20); // "PROXY "
const INCOMPLETE: ProxyHeaderRead = Object.freeze({ state: 'incomplete' });

function refuse(section: string, message: string, offset: number): ProxyHeaderRead {
  return { state: 'error', error: { code: 'INVALID_PROXY_HEADER', section, message, offset } };
}

/**
 * Reads a PROXY header from the start of `bytes` (everything received on the connection so far).
 *
 * @param bytes - the connection's first bytes
 * @param mode - the version(s) expected
 * @returns `incomplete` while every byte so far can still begin a valid header; otherwise the header or the
 *   error, the same however the bytes were cut into reads
 */
export function readProxyHeader(bytes: Uint8Array, mode: ProxyProtocolMode): ProxyHeaderRead {
  if (bytes.length === 0) return INCOMPLETE;
  // With both versions allowed, the first byte decides: "P" starts version 1, CR the version 2 signature.
  const v2 = mode === 'v2' || (mode === 'any' && bytes[0] === PROXY_V2_SIGNATURE[0]);
  return v2 ? readV2(bytes) : readV1(bytes);
}

// Version 1 (§2.1): "PROXY" SP ( "TCP4" | "TCP6" ) SP src SP dst SP srcport SP dstport CRLF, or "PROXY UNKNOWN"
// followed by anything up to CRLF; the whole line at most 107 bytes.

function readV1(bytes: Uint8Array): ProxyHeaderRead {
  for (let i = 0; i < V1_PREFIX.length; i++) {
    if (i === bytes.length) return INCOMPLETE;
    if (bytes[i] !== V1_PREFIX[i]) return refuse(V1_SECTION, 'the connection does not start with a PROXY header', i);
  }
  // The line ends at the first CRLF, which must end by byte 107; a lone CR or LF is refused ("must not tolerate
  // a single CR or LF character to end the line").
  let end = V1_PREFIX.length;
  for (; ; end++) {
    if (end === bytes.length) return INCOMPLETE;
    if (end > PROXY_V1_MAX_LINE - 2) return refuse(V1_SECTION, `no CRLF in the first ${PROXY_V1_MAX_LINE} bytes of the PROXY line`, end);
    const b = bytes[end]!;
    if (b === 0x0a) return refuse(V1_SECTION, 'a LF not preceded by CR in the PROXY line', end);
    if (b !== 0x0d) continue;
    if (end + 1 === bytes.length) return INCOMPLETE;
    if (bytes[end + 1] !== 0x0a) return refuse(V1_SECTION, 'a CR not followed by LF in the PROXY line', end);
    break;
  }
  return decodeV1Line(bytes, end);
}

/** The space-separated tokens of `bytes[start, end)`: [start, end) pairs; an empty token (two spaces) is kept. */
function tokens(bytes: Uint8Array, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && bytes[i] !== 0x20) continue;
    out.push([from, i]);
    from = i + 1;
  }
  return out;
}

function tokenIs(bytes: Uint8Array, [start, end]: [number, number], text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

function decodeV1Line(bytes: Uint8Array, end: number): ProxyHeaderRead {
  const length = end + 2;
  const parts = tokens(bytes, V1_PREFIX.length, end);
  const family = parts[0]!;
  if (tokenIs(bytes, family, 'UNKNOWN')) {
    // "the receiver must ignore anything presented before the CRLF is found": the rest of the line is not read.
    return { state: 'done', header: { version: 1, command: 'proxy', transport: 'unspecified', length } };
  }
  const v4 = tokenIs(bytes, family, 'TCP4');
  if (!v4 && !tokenIs(bytes, family, 'TCP6')) return refuse(V1_SECTION, 'the PROXY line names no protocol family it allows (TCP4, TCP6 or UNKNOWN)', family[0]);
  // "exactly one space" between fields: an empty field is a second space, refused where it stands.
  const empty = parts.find(([start, stop]) => start === stop);
  // (At the end of the line, the space before the CRLF is the one too many.)
  if (empty !== undefined) return refuse(V1_SECTION, 'fields of a PROXY line are separated by exactly one space', empty[0] === end ? end - 1 : empty[0]);
  if (parts.length !== 5) {
    const at = parts.length > 5 ? parts[5]![0] - 1 : end;
    return refuse(V1_SECTION, 'a TCP4 or TCP6 PROXY line has exactly four fields after the family, separated by single spaces', at);
  }
  const [, src, dst, srcPort, dstPort] = parts as [[number, number], [number, number], [number, number], [number, number], [number, number]];
  const raw = new Uint8Array(16);
  const address = (token: [number, number]): string | null => {
    if (v4) return readIPv4Text(bytes, token[0], token[1], raw, 0) ? formatIPv4(raw) : null;
    return readIPv6Text(bytes, token[0], token[1], raw) ? formatIPv6(raw) : null;
  };
  const kind = v4 ? 'an IPv4 address (four decimal numbers 0-255 without leading zeros)' : 'an IPv6 address';
  const source = address(src);
  if (source === null) return refuse(V1_SECTION, `the source address is not ${kind}`, src[0]);
  const destination = address(dst);
  if (destination === null) return refuse(V1_SECTION, `the destination address is not ${kind}`, dst[0]);
  const sourcePort = strictDecimal(bytes, srcPort[0], srcPort[1], 65535);
  if (sourcePort < 0) return refuse(V1_SECTION, 'the source port is not a decimal number 0-65535 without leading zeros', srcPort[0]);
  const destinationPort = strictDecimal(bytes, dstPort[0], dstPort[1], 65535);
  if (destinationPort < 0) return refuse(V1_SECTION, 'the destination port is not a decimal number 0-65535 without leading zeros', dstPort[0]);
  return {
    state: 'done',
    header: {
      version: 1,
      command: 'proxy',
      transport: v4 ? 'tcp4' : 'tcp6',
      source: { address: source, port: sourcePort },
      destination: { address: destination, port: destinationPort },
      length,
    },
  };
}

// Version 2 (§2.2): the 12-byte signature, a version-and-command byte, a family-and-transport byte, a big-endian
// 16-bit length, then that many bytes: the addresses for the family, then TLVs (skipped: "a receiver may choose to
// skip over and ignore those bytes").

/** Address block sizes by family nibble (§2.2): INET 2×4 + 2×2, INET6 2×16 + 2×2, UNIX 2×108. */
const V2_ADDRESS_BYTES = [0, 12, 36, 216] as const;

function readV2(bytes: Uint8Array): ProxyHeaderRead {
  for (let i = 0; i < PROXY_V2_SIGNATURE.length; i++) {
    if (i === bytes.length) return INCOMPLETE;
    if (bytes[i] !== PROXY_V2_SIGNATURE[i]) return refuse(V2_SECTION, 'the connection does not start with the PROXY version 2 signature', i);
  }
  if (bytes.length < 13) return INCOMPLETE;
  const versionCommand = bytes[12]!;
  // "it must always be sent as \x2 and the receiver must only accept this value"
  if (versionCommand >>> 4 !== 2) return refuse(V2_SECTION, `PROXY header version ${versionCommand >>> 4}, not 2`, 12);
  const commandBits = versionCommand & 0x0f;
  // "Receivers must drop connections presenting unexpected values here": 0 LOCAL, 1 PROXY.
  if (commandBits > 1) return refuse(V2_SECTION, `unassigned PROXY command ${commandBits} (0 LOCAL and 1 PROXY exist)`, 12);
  if (bytes.length < 14) return INCOMPLETE;
  const familyTransport = bytes[13]!;
  const family = familyTransport >>> 4;
  const transportBits = familyTransport & 0x0f;
  // Other families and transports "must be rejected as invalid by receivers".
  if (family > 3) return refuse(V2_SECTION, `unassigned PROXY address family ${family}`, 13);
  if (transportBits > 2) return refuse(V2_SECTION, `unassigned PROXY transport protocol ${transportBits}`, 13);
  if (bytes.length < 16) return INCOMPLETE;
  const declared = readUint16BE(bytes, 14);
  const command = commandBits === 0 ? 'local' : 'proxy';
  const addressed = command === 'proxy' && family !== 0 && transportBits !== 0;
  const needed = addressed ? V2_ADDRESS_BYTES[family as 1 | 2 | 3] : 0;
  // The length must at least cover the addresses it announces; a LOCAL header's length is skipped whatever it is
  // ("Receivers MUST always consider this field to skip the appropriate number of bytes").
  if (declared < needed) return refuse(V2_SECTION, `a PROXY length of ${declared} bytes is too short for the ${needed} bytes of its addresses`, 14);
  const length = 16 + declared;
  // "The receiver must not start to parse an address before the whole address block is received."
  if (bytes.length < length) return INCOMPLETE;
  if (!addressed) return { state: 'done', header: { version: 2, command, transport: 'unspecified', length } };
  const stream = transportBits === 1;
  const at = 16;
  if (family === 3) {
    return {
      state: 'done',
      header: {
        version: 2, command, transport: stream ? 'unix-stream' : 'unix-dgram',
        source: { address: unixPath(bytes, at) }, destination: { address: unixPath(bytes, at + 108) }, length,
      },
    };
  }
  const v4 = family === 1;
  const width = v4 ? 4 : 16;
  const format = v4 ? formatIPv4 : formatIPv6;
  const ports = at + 2 * width;
  return {
    state: 'done',
    header: {
      version: 2,
      command,
      transport: v4 ? (stream ? 'tcp4' : 'udp4') : stream ? 'tcp6' : 'udp6',
      source: { address: format(bytes, at), port: readUint16BE(bytes, ports) },
      destination: { address: format(bytes, at + width), port: readUint16BE(bytes, ports + 2) },
      length,
    },
  };
}

/** A UNIX socket path: 108 bytes, up to the first NUL. */
function unixPath(bytes: Uint8Array, at: number): string {
  let end = at;
  while (end < at + 108 && bytes[end] !== 0) end++;
  return latin1(bytes, at, end);
}
