// Pieces of HTTP/1.1 streams for the parser properties that feed whole streams (MessageLocator against one byte at a
// time, reset against new): well-formed messages of every framing, interim and bodyless responses, the awkward bytes
// around lines, and short runs of bytes drawn from a start line's alphabet.
import fc from 'fast-check';

/** Request streams: every framing, upgrade and CONNECT (which pause), obs-fold, bare LF, a long field, bad bytes. */
export const requestPart: fc.Arbitrary<string> = fc.oneof(
  fc.constant('GET / HTTP/1.1\r\nHost: a\r\n\r\n'),
  fc.constant('GET /x HTTP/1.0\r\n\r\n'),
  fc.constant('POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello'),
  fc.constant('POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-T: 1\r\n\r\n'),
  fc.constant('POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n'),
  fc.constant('GET /u HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\nafter'),
  fc.constant('CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\ntunnel'),
  fc.constant('GET /f HTTP/1.1\r\nHost: a\r\nX-F: one\r\n two\r\n\r\n'),
  fc.constant('GET /l HTTP/1.1\nHost: a\n\n'),
  fc.constant('GET /h HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'),
  fc.constant('GET /x HTTP/1.1\r\nX-Long: ' + 'v'.repeat(300) + '\r\n'),
  fc.constant('Content-Length: 2\r\n'),
  fc.constantFrom('\r\n', '\n', '\r', ' ', '\0'),
  fc.string({ unit: fc.constantFrom('G', 'E', 'T', ' ', '/', 'H', '1', ':', '\r', '\n', 'x', '\0', '\x7f', '\xff'), maxLength: 12 }),
);

/** Response streams: a length, interim and no-content responses, chunked with a trailer, obs-fold, until the close. */
export const responsePart: fc.Arbitrary<string> = fc.oneof(
  fc.constant('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc'),
  fc.constant('HTTP/1.1 100 Continue\r\n\r\n'),
  fc.constant('HTTP/1.1 204 No Content\r\n\r\n'),
  fc.constant('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nT: 1\r\n\r\n'),
  fc.constant('HTTP/1.1 200 OK\r\nX-F: a\r\n b\r\nContent-Length: 0\r\n\r\n'),
  fc.constant('HTTP/1.1 200 OK\r\n\r\nuntil the close'),
  fc.constant('\r\n'),
  fc.string({ unit: fc.constantFrom('H', 'T', 'P', '/', '1', '.', ' ', '2', '0', '\r', '\n', 'x'), maxLength: 12 }),
);
