import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The project's shared test vectors (`shared/testdata`, not in this repository: some are
 * AGPL/GPL). Looked up in `HOMER_SHARED_DIR`, then beside the checkout (`../shared`, where CI puts
 * it), then at `/work/shared`. A missing folder is an error naming where it looked, never a skip.
 */
export function sharedTestdataDir(): string {
  const candidates = [process.env.HOMER_SHARED_DIR, join(repoRoot, '..', 'shared'), '/work/shared'].filter(
    (dir): dir is string => dir !== undefined && dir !== '',
  );
  for (const dir of candidates) {
    if (existsSync(join(dir, 'testdata'))) return join(dir, 'testdata');
  }
  throw new Error(
    `shared test data not found; looked in ${candidates.map((d) => join(d, 'testdata')).join(', ')}`,
  );
}

export function sharedTestdataPath(relative: string): string {
  return join(sharedTestdataDir(), relative);
}
