/**
 * The package's version, read from its `package.json` (the one above this file: `src/cli/` in the repository,
 * `dist/src/cli/` in the package), so that `--version` says what `npm install` installed.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** h1ref's version, as its `package.json` gives it; `unknown` when no h1ref `package.json` is found above. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'h1ref' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // No package.json here (or not ours): look one directory up.
    }
    const up = dirname(dir);
    if (up === dir) return (cached = 'unknown');
    dir = up;
  }
}
