/**
 * The check every generated, committed file shares (`docs/cases.md`, `docs/catalogue.md`, `docs/sections.md`):
 * the committed text must be what its generator makes now; with `<env>=1` the test writes it instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Expects `file` (relative to the repository root) to hold `now`; writes it first when the environment variable
 * `env` is `1`. The failure names `command`, the way to regenerate it.
 */
export function expectGeneratedFile(file: string, now: string, env: string, command: string): void {
  const path = join(ROOT, file);
  if (process.env[env] === '1') writeFileSync(path, now);
  let committed = '';
  try {
    committed = readFileSync(path, 'utf8');
  } catch {
    // missing: reported as out of date below
  }
  expect(committed === now, `${file} is out of date: run \`${command}\` and commit the result`).toBe(true);
}
