/**
 * Catalogue §3.1, the request-line (RFC 9112 §3): its separators and ending, the method, the request-target and
 * the version, the bytes before the first request, and token-level mutations of the line's parts.
 *
 * RFC 9112 §3 gives the line as `method SP request-target SP HTTP-version CRLF`, with a recipient allowed to parse
 * on other whitespace (§3, SHOULD reject otherwise), to accept a bare LF (§2.2) and to skip empty lines before it
 * (§2.2); each of those allowances is a place where two peers can split the same bytes differently.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import type { MessagePart } from '../parts.js';
import {
  alternateCase, CTL_BYTES, hostOf, insertAt, LONG, lowerAscii, messageOperator, mSlot, streamOperator,
} from './common.js';

// A byte after the first one of the target (after its `/`), so the path stays a path for the lenient reader.
function intoTarget(target: string, x: string): string {
  return target.length === 0 ? `/${x}` : insertAt(target, 1, x);
}

// The path part of a target (origin-form as is; `/` for anything else).
function pathOf(target: string): string {
  return target.startsWith('/') ? target : '/';
}

const whitespace = messageOperator({
  name: 'request-line-whitespace',
  family: 'request-line',
  description: 'Changes the separators of the request-line: two spaces, HTAB, VT, a bare LF, none, or whitespace at its ends.',
  variants: ['double-sp', 'htab', 'vt', 'lf-before-version', 'none', 'sp-before-method', 'sp-before-eol'] as const,
  edit(m, c) {
    switch (c.variant) {
      // RFC 9112 §3: one SP between the parts; a recipient MAY parse on other whitespace but SHOULD NOT accept it.
      case 'double-sp': m.sp1 = '  '; return mSlot(c, 'sp1');
      case 'htab': m.sp1 = '\t'; m.sp2 = '\t'; return mSlot(c, 'sp1');
      case 'vt': m.sp1 = '\x0b'; return mSlot(c, 'sp1');
      case 'lf-before-version': m.sp2 = '\n'; return mSlot(c, 'sp2');
      case 'none': m.sp1 = ''; m.sp2 = ''; return mSlot(c, 'sp1');
      case 'sp-before-method': m.method = ` ${m.method}`; return mSlot(c, 'method');
      case 'sp-before-eol': m.eol = ` ${m.eol}`; return mSlot(c, 'eol');
    }
  },
});

const ending = messageOperator({
  name: 'request-line-ending',
  family: 'request-line',
  description: 'Ends the request-line with a bare LF, a bare CR, CR CR LF, nothing, or two line endings.',
  variants: ['bare-lf', 'bare-cr', 'cr-cr-lf', 'none', 'double'] as const,
  edit(m, c) {
    // RFC 9112 §2.2: a recipient MAY accept a bare LF; a bare CR is invalid (MUST reject or replace with SP).
    const eol = { 'bare-lf': '\n', 'bare-cr': '\r', 'cr-cr-lf': '\r\r\n', none: '', double: '\r\n\r\n' }[c.variant];
    m.eol = eol;
    return mSlot(c, 'eol');
  },
});

const targetBytes = messageOperator({
  name: 'request-target-bytes',
  family: 'request-line',
  description: 'Puts bytes the request-target grammar does not allow into it, or empties it.',
  variants: [
    'missing', 'space-inside', 'fragment', 'not-a-uri', 'ctl-byte', 'nul', 'utf8', 'overlong-slash', 'pct-nul', 'pct-crlf', 'backslash',
  ] as const,
  edit(m, c) {
    // RFC 9112 §3.2: origin-form is absolute-path [ "?" query ]; no SP, CTL, fragment or non-ASCII byte in it
    // (RFC 3986 §3.3, §3.5). Percent-encoded bytes are valid but must not be decoded while parsing.
    switch (c.variant) {
      case 'missing': m.target = ''; break;
      case 'space-inside': m.target = intoTarget(m.target, ' x'); break;
      case 'fragment': m.target = `${m.target}#f`; break;
      case 'not-a-uri': m.target = '!'; break;
      case 'ctl-byte': m.target = intoTarget(m.target, c.random.pick(CTL_BYTES)); break;
      case 'nul': m.target = intoTarget(m.target, '\x00'); break;
      case 'utf8': m.target = intoTarget(m.target, '\xc3\xa9'); break;
      case 'overlong-slash': m.target = intoTarget(m.target, '\xc0\xaf'); break;
      case 'pct-nul': m.target = intoTarget(m.target, '%00'); break;
      case 'pct-crlf': m.target = intoTarget(m.target, '%0d%0a'); break;
      case 'backslash': m.target = intoTarget(m.target, 'a\\b'); break;
    }
    return mSlot(c, 'target');
  },
});

const targetForm = messageOperator({
  name: 'request-target-form',
  family: 'request-line',
  description: 'Changes the form of the request-target: asterisk, absolute (same or other authority, odd schemes), or its length.',
  variants: ['asterisk', 'options-asterisk', 'absolute-form', 'absolute-other-host', 'odd-scheme', 'long-8000', 'very-long'] as const,
  edit(m, c) {
    switch (c.variant) {
      // RFC 9112 §3.2.4: asterisk-form is only for OPTIONS.
      case 'asterisk': m.target = '*'; break;
      case 'options-asterisk': m.method = 'OPTIONS'; m.target = '*'; break;
      // RFC 9112 §3.2.2: a server MUST accept absolute-form, and then ignores Host for the target URI.
      case 'absolute-form': m.target = `http://${hostOf(m)}${pathOf(m.target)}`; break;
      case 'absolute-other-host': m.target = `http://other.example${pathOf(m.target)}`; break;
      case 'odd-scheme': m.target = `${c.random.pick(['ftp://', '://', 'http:/\x00/'])}${hostOf(m)}${pathOf(m.target)}`; break;
      // RFC 9112 §3: recipients SHOULD support request-lines of at least 8000 octets.
      case 'long-8000': {
        const fixed = m.method.length + m.sp1.length + m.sp2.length + m.version.length + m.eol.length;
        m.target = `/${'a'.repeat(Math.max(0, 8000 - fixed - 1))}`;
        break;
      }
      // RFC 9112 §3: a server answers 414 to a target longer than any it wants to parse.
      case 'very-long': m.target = `/${'a'.repeat(LONG)}`; break;
    }
    return mSlot(c, 'target');
  },
});

const method = messageOperator({
  name: 'request-method',
  family: 'request-line',
  description: 'Changes the bytes of the method: case, an unknown name, bytes outside tchar, a digit first, a very long one.',
  variants: [
    'lowercase', 'mixed-case', 'unknown', 'space-inside', 'brackets-inside', 'odd-tchar', 'junk-suffix', 'nul', 'digit-first', 'very-long',
  ] as const,
  edit(m, c) {
    // RFC 9110 §9.1: the method is a case-sensitive token; RFC 9112 §3: 501 for an unknown or too long one.
    const mid = Math.floor(m.method.length / 2) + (m.method.length % 2);
    switch (c.variant) {
      case 'lowercase': m.method = lowerAscii(m.method); break;
      case 'mixed-case': m.method = alternateCase(m.method); break;
      case 'unknown': m.method = `${m.method}${m.method.slice(-1) || 'X'}`; break;
      case 'space-inside': m.method = insertAt(m.method, mid, ' '); break;
      case 'brackets-inside': m.method = insertAt(m.method, mid, '[]'); break;
      case 'odd-tchar': m.method = `${m.method}#`; break;
      case 'junk-suffix': m.method = `${m.method}=":<>(),[];?"`; break;
      case 'nul': m.method = '\x00'; break;
      case 'digit-first': m.method = `0${m.method}`; break;
      case 'very-long': m.method = 'A'.repeat(LONG); break;
    }
    return mSlot(c, 'method');
  },
});

const methodSwap = messageOperator({
  name: 'method-swap',
  family: 'request-line',
  description: 'Replaces the method with GET, HEAD, OPTIONS or POST and leaves the rest of the message (its body) as it was.',
  variants: ['to-get', 'to-head', 'to-options', 'to-post'] as const,
  edit(m, c) {
    // RFC 9110 §9.3: a body on GET, HEAD or OPTIONS has no generally defined meaning, but its framing still counts.
    m.method = { 'to-get': 'GET', 'to-head': 'HEAD', 'to-options': 'OPTIONS', 'to-post': 'POST' }[c.variant];
    return mSlot(c, 'method');
  },
});

const version = messageOperator({
  name: 'request-version',
  family: 'request-line',
  description: 'Changes the HTTP-version: missing (HTTP/0.9 style), malformed, overflowing, other case, 1.0, 1.2, 2.0.',
  variants: [
    'missing', 'extra-digit', 'cr-inside', 'overflow', 'lowercase', 'missing-minor', 'leading-zeros', 'internal-space', 'malformed',
    '1.0', '1.2', '2.0',
  ] as const,
  edit(m, c) {
    // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive; 1.x with x > 1 is read as 1.1;
    // another major version may be answered 505.
    switch (c.variant) {
      case 'missing': m.version = ''; m.sp2 = ''; break;
      case 'extra-digit': m.version = `${m.version}2`; break;
      case 'cr-inside': m.version = insertAt(m.version, Math.min(5, m.version.length), '\r\r'); break;
      case 'overflow': m.version = 'HTTP/4294967297.257'; break;
      case 'lowercase': m.version = lowerAscii(m.version); break;
      case 'missing-minor': m.version = 'HTTP/1'; break;
      case 'leading-zeros': m.version = 'HTTP/01.01'; break;
      case 'internal-space': m.version = insertAt(m.version, Math.min(5, m.version.length), ' '); break;
      case 'malformed':
        m.version = c.random.pick(['HTTP/-1.1', 'HTTP/2-1', 'HTTP/1,1', 'HTTP/abc', 'HTP/1.1', '1.1/HTTP', 'HTTP/1111111111111', 'HTTP/1.\x001']);
        break;
      case '1.0': m.version = 'HTTP/1.0'; break;
      case '1.2': m.version = 'HTTP/1.2'; break;
      case '2.0': m.version = 'HTTP/2.0'; break;
    }
    return mSlot(c, 'version');
  },
});

// The HTTP/2 connection preface (RFC 9113 §3.4) as the model writes it: a "request" PRI * HTTP/2.0 with a body.
function prefaceMessage(): MessagePart {
  return {
    method: 'PRI', sp1: ' ', target: '*', sp2: ' ', version: 'HTTP/2.0', eol: '\r\n', fields: [], end: '\r\n',
    body: { kind: 'raw', data: 'SM\r\n\r\n' },
  };
}

const start = streamOperator({
  name: 'request-start',
  family: 'request-line',
  description: 'Changes what comes before or instead of a request: empty lines, junk, an HTTP/2 preface, garbage, nothing, a cut-off request.',
  variants: ['leading-crlf', 'whitespace-line', 'invalid-prefix', 'h2-preface', 'binary-garbage', 'empty', 'incomplete'] as const,
  edit(s, c) {
    const m = s.messages[c.mi];
    switch (c.variant) {
      // RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) received before the request-line.
      case 'leading-crlf':
        if (m === undefined) return null;
        m.method = `\r\n${m.method}`;
        return mSlot(c, 'method');
      case 'whitespace-line':
        if (m === undefined) return null;
        m.method = ` \t \r\n${m.method}`;
        return mSlot(c, 'method');
      case 'invalid-prefix':
        if (m === undefined) return null;
        m.method = `junk\r\n${m.method}`;
        return mSlot(c, 'method');
      case 'h2-preface':
        s.messages.unshift(prefaceMessage());
        return 'stream';
      case 'binary-garbage': {
        let garbage = '\x16\x03\x01\x00';
        for (let i = 0; i < 12; i++) garbage += String.fromCharCode(c.random.int(256));
        s.messages = [];
        s.trailing = garbage;
        return 'stream';
      }
      case 'empty':
        s.messages = [];
        s.trailing = '';
        return 'stream';
      case 'incomplete': {
        // The last message loses its empty line (and so its body): the head never ends.
        const last = s.messages.length - 1;
        const lm = s.messages[last];
        if (lm === undefined) return null;
        lm.end = '';
        lm.body = { kind: 'none' };
        s.trailing = '';
        return `m${last}.end`;
      }
    }
  },
});

type LinePart = 'method' | 'sp1' | 'target' | 'sp2' | 'version' | 'eol';
const LINE_PARTS: readonly LinePart[] = ['method', 'sp1', 'target', 'sp2', 'version', 'eol'];
const TOKENS: readonly ('method' | 'target' | 'version')[] = ['method', 'target', 'version'];
const INTERESTING = [' ', '\t', '\r', '\n', '\x00', '/', '.', ':', 'H', '1', 'a', '\xff'];

const tokens = messageOperator({
  name: 'request-line-tokens',
  family: 'request-line',
  description: 'Mutates the request-line part by part: a byte inserted, deleted or replaced in one part; parts swapped, repeated or deleted.',
  variants: ['insert-byte', 'delete-byte', 'replace-byte', 'swap-parts', 'repeat-part', 'delete-part'] as const,
  edit(m, c) {
    const r = c.random;
    switch (c.variant) {
      case 'insert-byte': {
        const part = r.pick(LINE_PARTS);
        m[part] = insertAt(m[part], r.int(m[part].length + 1), r.pick(INTERESTING));
        return mSlot(c, part);
      }
      case 'delete-byte':
      case 'replace-byte': {
        const parts = LINE_PARTS.filter((p) => m[p].length > 0);
        if (parts.length === 0) return null;
        const part = r.pick(parts);
        const i = r.int(m[part].length);
        m[part] = m[part].slice(0, i) + (c.variant === 'replace-byte' ? r.pick(INTERESTING) : '') + m[part].slice(i + 1);
        return mSlot(c, part);
      }
      case 'swap-parts': {
        const a = r.pick(TOKENS);
        const b = r.pick(TOKENS.filter((t) => t !== a));
        [m[a], m[b]] = [m[b], m[a]];
        return mSlot(c, a);
      }
      case 'repeat-part': {
        const part = r.pick(TOKENS);
        m[part] = `${m[part]} ${m[part]}`;
        return mSlot(c, part);
      }
      case 'delete-part': {
        const part = r.pick(TOKENS);
        m[part] = '';
        if (part === 'method') m.sp1 = '';
        else m.sp2 = '';
        return mSlot(c, part);
      }
    }
  },
});

/** The request-line family (catalogue §3.1), in a stable order. */
export const REQUEST_LINE_OPERATORS: readonly Operator[] = [whitespace, ending, targetBytes, targetForm, method, methodSwap, version, start, tokens];
