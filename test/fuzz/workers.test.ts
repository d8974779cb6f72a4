// Inputs made in worker threads are the inputs made on the main thread: input i is a pure function of (seed, i),
// whatever the number of workers. (The worker script is the compiled one in dist/: npm test builds it first.)
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { generateChild, generateInput } from '../../src/fuzz/generate.js';
import { streamText } from '../../src/fuzz/parts.js';
import { createPreparer } from '../../src/fuzz/workers.js';

const SEEDS = [new Uint8Array(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1'))];
const summary = (i: ReturnType<typeof generateInput>) => ({
  bytes: Buffer.from(i.bytes).toString('latin1'), delivery: i.delivery, operators: i.operators, reference: i.reference,
});

describe('worker threads', () => {
  it('1 and 4 workers make the same input at each index as the main thread', async () => {
    const options = { seed: 424242, seeds: SEEDS };
    const indices = Array.from({ length: 60 }, (_, i) => i * 7);
    const inline = indices.map((i) => summary(generateInput(i, options)));
    for (const workers of [1, 4]) {
      const preparer = await createPreparer(workers, options);
      try {
        const made = await Promise.all(indices.map((i) => preparer.prepare(i)));
        expect(made.map(summary)).toEqual(inline);
        // In batches too, in the order asked for, whichever worker made each.
        const batched = [...await preparer.prepareBatch(indices.slice(0, 30)), ...await preparer.prepareBatch(indices.slice(30))];
        expect(batched.map(summary)).toEqual(inline);
        expect(batched.map((b) => b.index)).toEqual(indices);
      } finally {
        await preparer.close();
      }
    }
  });

  it('children made in workers are the children made on the main thread, and the parts come back on demand', async () => {
    const options = { seed: 77, seeds: SEEDS };
    const parents = Array.from({ length: 12 }, (_, i) => generateInput(i * 5, options));
    const inline = parents.flatMap((p) => [0, 1].map((c) => generateChild(p, c, options)));
    for (const workers of [1, 3]) {
      const preparer = await createPreparer(workers, options);
      try {
        // The parents are asked for first (so a worker may hold them), then some children without their parent.
        const made = await Promise.all(parents.slice(0, 6).map((p) => preparer.prepare(p.index)));
        const children = await Promise.all(parents.flatMap((p) => [0, 1].map((c) => preparer.prepareChild(p, c))));
        expect(children.map(summary)).toEqual(inline.map(summary));
        expect(children.map((c) => c.child)).toEqual(inline.map((c) => c.child));
        // What crossed the thread had no parts; they are made again, equal to the original ones.
        expect(made.map((m) => streamText(m.stream))).toEqual(parents.slice(0, 6).map((p) => streamText(p.stream)));
        expect(children.map((c) => streamText(c.stream))).toEqual(inline.map((c) => streamText(c.stream)));
        expect(children.map((c) => c.baseline === null ? null : streamText(c.baseline))).toEqual(inline.map((c) => c.baseline === null ? null : streamText(c.baseline)));
      } finally {
        await preparer.close();
      }
    }
  });

  it('different seeds make different inputs', () => {
    const a = Array.from({ length: 20 }, (_, i) => summary(generateInput(i, { seed: 1 })).bytes);
    const b = Array.from({ length: 20 }, (_, i) => summary(generateInput(i, { seed: 2 })).bytes);
    expect(a).not.toEqual(b);
  });
});
