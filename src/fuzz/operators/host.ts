/**
 * Catalogue §3.7, Host and routing (RFC 9112 §3.2, RFC 9110 §7.2): Host missing, repeated, listed or malformed;
 * its name and value wrapped in odd bytes; and what else can name the authority (an absolute-form target,
 * X-Forwarded-Host).
 *
 * RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, with more than one Host line, or
 * with an invalid Host value. When a front end and a back end pick different authorities for the same request,
 * the request reaches a virtual host the front end did not check.
 *
 * @module
 */
import type { Operator } from '../operator.js';
import { field, type MessagePart } from '../parts.js';
import { addField, firstField, fSlot, hasField, hostOf, messageOperator, mSlot, removeFields, upperAscii } from './common.js';

// The index of the message's first Host line, adding `Host: localhost` first when it has none.
function hostLine(m: MessagePart): number {
  const i = firstField(m.fields, 'host');
  return i >= 0 ? i : addField(m, field('Host', 'localhost'), 0);
}

const prefersHost = (m: MessagePart): boolean => hasField(m, 'host');

const hostField = messageOperator({
  name: 'host-field',
  family: 'host',
  description:
    'Removes Host (in HTTP/1.1 or 1.0), repeats it (same or other value), or makes its value a list, ' +
    'userinfo, a path, empty, or another name.',
  variants: ['missing', 'missing-http10', 'duplicate-other', 'duplicate-same', 'comma-list', 'userinfo', 'path', 'empty', 'other-name'] as const,
  prefer: prefersHost,
  edit(m, c) {
    // RFC 9112 §3.2: Host = uri-host [ ":" port ] (RFC 9110 §7.2): no userinfo, path or list; exactly one line in
    // HTTP/1.1. An HTTP/1.0 request may omit it.
    switch (c.variant) {
      case 'missing': {
        const at = removeFields(m, 'host');
        return at < 0 ? null : fSlot(c, at, 'name');
      }
      case 'missing-http10':
        removeFields(m, 'host');
        m.version = 'HTTP/1.0';
        return mSlot(c, 'version');
      default: break;
    }
    const hi = hostLine(m);
    const f = m.fields[hi]!;
    const v = f.value;
    switch (c.variant) {
      case 'duplicate-other': return fSlot(c, addField(m, field('Host', 'other.example'), hi + 1), 'value');
      case 'duplicate-same': return fSlot(c, addField(m, { ...f }, hi + 1), 'value');
      case 'comma-list': f.value = `${v}, other.example`; break;
      case 'userinfo': f.value = `user@${v}`; break;
      case 'path': f.value = `${v}/path`; break;
      case 'empty': f.value = ''; break;
      case 'other-name': f.value = 'other.example'; break;
    }
    return fSlot(c, hi, 'value');
  },
});

// Bytes for around the name (whitespace included: before the colon it is what RFC 9112 §5.1 forbids) and for
// around the value (whitespace left out: there it is OWS and changes nothing).
const NAME_BYTES = [' ', '\t', '\x00', '\x0b', '\x7f', '\xa0', '\xff', '_', '.'];
const VALUE_BYTES = ['\x00', '\x0b', '\x0c', '\x7f', '\xa0', '\xff', '_', '.', '@'];

const hostBytes = messageOperator({
  name: 'host-bytes',
  family: 'host',
  description: 'Wraps the Host line in odd bytes: inside the name, before the colon, before or after the value; or upper-cases its name.',
  variants: ['name-inner-byte', 'before-colon', 'value-prefix', 'value-suffix', 'name-upper'] as const,
  prefer: prefersHost,
  edit(m, c) {
    // A Host a front end does not recognise as Host (and so does not check) but a back end does — or the other
    // way round — routes one request two ways ("Host of Troubles"). Field names are case-insensitive (RFC 9110
    // §5.1), so `name-upper` must change nothing.
    const hi = hostLine(m);
    const f = m.fields[hi]!;
    const byte = c.random.pick(c.variant === 'value-prefix' || c.variant === 'value-suffix' ? VALUE_BYTES : NAME_BYTES);
    switch (c.variant) {
      case 'name-inner-byte': f.name = `${f.name.slice(0, 2)}${byte}${f.name.slice(2)}`; return fSlot(c, hi, 'name');
      case 'before-colon': f.colon = byte + f.colon; return fSlot(c, hi, 'colon');
      case 'value-prefix': f.value = byte + f.value; return fSlot(c, hi, 'value');
      case 'value-suffix': f.value += byte; return fSlot(c, hi, 'value');
      case 'name-upper': f.name = upperAscii(f.name); return fSlot(c, hi, 'name');
    }
  },
});

const routing = messageOperator({
  name: 'host-routing',
  family: 'host',
  description:
    'Names another authority beside Host: X-Forwarded-Host (once or twice), or an absolute-form target ' +
    'with another or the same authority.',
  variants: ['x-forwarded-host', 'x-forwarded-host-pair', 'absolute-other', 'absolute-same'] as const,
  prefer: prefersHost,
  edit(m, c) {
    // RFC 9112 §3.2.2: with an absolute-form target the server MUST ignore Host and use the target's
    // authority; X-Forwarded-Host has no standing in the RFCs, so a target that trusts it routes on a field a
    // front end did not write.
    const path = m.target.startsWith('/') ? m.target : '/';
    switch (c.variant) {
      case 'x-forwarded-host': return fSlot(c, addField(m, field('X-Forwarded-Host', 'other.example')), 'value');
      case 'x-forwarded-host-pair': {
        const at = addField(m, field('X-Forwarded-Host', hostOf(m)));
        addField(m, field('X-Forwarded-Host', 'other.example'));
        return fSlot(c, at, 'value');
      }
      case 'absolute-other': m.target = `http://other.example${path}`; return mSlot(c, 'target');
      case 'absolute-same': m.target = `http://${hostOf(m)}${path}`; return mSlot(c, 'target');
    }
  },
});

/** The Host and routing family (catalogue §3.7), in a stable order. */
export const HOST_OPERATORS: readonly Operator[] = [hostField, hostBytes, routing];
