/**
 * The reason phrases writers send by default: the ones RFC 9110 §15 registers for its status codes, plus those
 * of RFC 6585 (428, 429, 431, 511) and RFC 8297 (103), which h1ref's server can also send.
 *
 * A reason phrase is for people only; clients ignore it (RFC 9112 §4), so a code without an entry is written
 * with an empty one rather than an invented one.
 *
 * @module
 */

/** Status code → registered reason phrase. 306 and 418 are "(Unused)" in RFC 9110 and have no entry. */
export const REASON_PHRASES: Readonly<Record<number, string>> = Object.freeze({
  // 1xx Informational (RFC 9110 §15.2)
  100: 'Continue',
  101: 'Switching Protocols',
  103: 'Early Hints', // RFC 8297 §2
  // 2xx Successful (RFC 9110 §15.3)
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  // 3xx Redirection (RFC 9110 §15.4)
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  // 4xx Client Error (RFC 9110 §15.5)
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  428: 'Precondition Required', // RFC 6585 §3
  429: 'Too Many Requests', // RFC 6585 §4
  431: 'Request Header Fields Too Large', // RFC 6585 §5
  // 5xx Server Error (RFC 9110 §15.6)
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  511: 'Network Authentication Required', // RFC 6585 §6
});

/**
 * The reason phrase to send for `status` when the caller gives none: the registered one, or the empty string
 * (RFC 9112 §4 makes the reason phrase optional, though the SP before it stays).
 */
export function defaultReasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? '';
}
