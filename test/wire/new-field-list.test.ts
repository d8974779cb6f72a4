// newFieldList: its storage is an optimisation only (not observable), so what is proved is what the list is: new,
// empty, and usable as any array for any number of lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newFieldList } from '../../src/wire/fields.js';

describe('newFieldList', () => {
  it('property: a new empty list each time, that takes any number of lines as [] does', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 40 }), (items) => {
        const list = newFieldList();
        expect(list).toEqual([]);
        expect(newFieldList()).not.toBe(list);
        for (const item of items) list.push(item);
        expect(list).toEqual(items);
      }),
    );
  });
});
