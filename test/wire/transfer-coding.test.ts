// Transfer-Encoding = #transfer-coding; transfer-coding = token *( OWS ";" OWS transfer-parameter );
// transfer-parameter = token BWS "=" BWS ( token / quoted-string ) (RFC 9112 §6.1, §7); lists per RFC 9110 §5.6.1.
import { describe, it, expect } from 'vitest';
import { listHasToken, parseTransferCodings, trimOws } from '../../src/wire/transfer-coding.js';
import { asValue, brief } from './support.js';

const names = (values: string[]) => asValue(parseTransferCodings(values)).map((c) => c.name);

describe('parseTransferCodings (RFC 9112 §6.1)', () => {
  it('RFC 9112 §6.1: a single coding', () => {
    expect(asValue(parseTransferCodings(['chunked']))).toEqual([{ name: 'chunked', hasParameters: false, valueIndex: 0 }]);
  });

  it('RFC 9112 §7: coding names are case-insensitive and come back lower-cased', () => {
    expect(names(['Chunked'])).toEqual(['chunked']);
    expect(names(['GZIP, CHUNKED'])).toEqual(['gzip', 'chunked']);
  });

  it('RFC 9112 §6.1: a list, in the order applied', () => {
    expect(names(['gzip, chunked'])).toEqual(['gzip', 'chunked']);
    expect(names(['deflate,gzip ,\tchunked'])).toEqual(['deflate', 'gzip', 'chunked']);
  });

  it('RFC 9110 §5.3: several field lines form one list, in order, each coding knowing its line\'s value', () => {
    expect(names(['gzip', 'chunked'])).toEqual(['gzip', 'chunked']);
    expect(asValue(parseTransferCodings(['gzip, x', '', 'chunked'])).map((c) => c.valueIndex)).toEqual([0, 0, 2]);
  });

  it('RFC 9110 §5.6.1: empty list elements are ignored', () => {
    expect(names([', chunked'])).toEqual(['chunked']);
    expect(names(['gzip,, ,chunked,'])).toEqual(['gzip', 'chunked']);
    expect(names([''])).toEqual([]);
    expect(names([' , '])).toEqual([]);
  });

  it('RFC 9112 §7: parameters (token or quoted-string values) are recognised', () => {
    expect(asValue(parseTransferCodings(['foo;a=1']))).toEqual([{ name: 'foo', hasParameters: true, valueIndex: 0 }]);
    expect(asValue(parseTransferCodings(['foo ; a = "x;y,z" ; b=2, chunked']))).toEqual([
      { name: 'foo', hasParameters: true, valueIndex: 0 }, { name: 'chunked', hasParameters: false, valueIndex: 0 },
    ]);
  });

  it('RFC 9112 §6.1: two tokens without a comma are INVALID_TRANSFER_ENCODING', () => {
    expect(brief(parseTransferCodings(['gzip chunked']))).toMatchObject({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
  });

  it('RFC 9112 §6.1: a non-token coding name is INVALID_TRANSFER_ENCODING', () => {
    for (const v of ['"chunked"', 'chu@nked', 'chunked/1', '(chunked)', '\u00e9']) {
      expect(brief(parseTransferCodings([v])), v).toMatchObject({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
    }
  });

  it('RFC 9112 §7: a malformed parameter is INVALID_TRANSFER_ENCODING', () => {
    for (const v of ['gzip;', 'gzip;a', 'gzip;a=', 'gzip;=1', 'gzip;a="x', 'gzip;a=b c', 'gzip;a=(b)']) {
      expect(brief(parseTransferCodings([v])), v).toMatchObject({ code: 'INVALID_TRANSFER_ENCODING', status: 400 });
    }
  });

  it('RFC 9112 §6.1: a bad element in a later field line fails the whole list; the offset is that value\'s index', () => {
    expect(brief(parseTransferCodings(['gzip', 'x y']))).toMatchObject({ code: 'INVALID_TRANSFER_ENCODING', offset: 1 });
    expect(brief(parseTransferCodings(['x;', 'chunked']))).toMatchObject({ code: 'INVALID_TRANSFER_ENCODING', offset: 0 });
  });
});

describe('listHasToken and trimOws (RFC 9110 §5.6.1, §5.6.3, §7.6.1)', () => {
  it('RFC 9110 §7.6.1: finds a connection option in a list, case-insensitively', () => {
    expect(listHasToken(['close'], 'close')).toBe(true);
    expect(listHasToken(['Keep-Alive, Upgrade'], 'upgrade')).toBe(true);
    expect(listHasToken(['foo', 'bar ,\tCLOSE '], 'close')).toBe(true);
  });

  it('RFC 9110 §7.6.1: matches whole elements only', () => {
    expect(listHasToken(['closed'], 'close')).toBe(false);
    expect(listHasToken(['not-close'], 'close')).toBe(false);
    expect(listHasToken(['clo se'], 'close')).toBe(false);
    expect(listHasToken([], 'close')).toBe(false);
    expect(listHasToken([''], 'close')).toBe(false);
  });

  it('RFC 9110 §5.6.3: trimOws removes SP and HTAB only', () => {
    expect(trimOws(' \t a b \t ')).toBe('a b');
    expect(trimOws('\u000ba\u000b')).toBe('\u000ba\u000b');
    expect(trimOws('\u00a0a')).toBe('\u00a0a');
    expect(trimOws('')).toBe('');
  });
});
