// emptyKeepingStorage: an optimisation only (what V8 does with the storage is not observable), so what is proved is
// what the list holds afterwards, whatever its length and elements.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyKeepingStorage } from '../../src/wire/list-storage.js';

describe('emptyKeepingStorage', () => {
  it('property: leaves any list empty, the same array, and usable as a new one', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer())), fc.array(fc.string(), { maxLength: 4 }), (items, next) => {
        const list: unknown[] = [...items];
        emptyKeepingStorage(list);
        expect(list).toEqual([]);
        list.push(...next);
        expect(list).toEqual(next);
      }),
    );
  });
});
