import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SOURCES = ['src', 'demo', 'bench', 'examples', 'package.json', 'tsconfig.build.json'];
const BUILT_MARKER = 'dist/src/main.js';

/**
 * Builds (tsc, then the page's assets) when the built tree is missing or older than a
 * source file, so the tests that run the real binaries (CLI, service process, demo) run
 * what they test.
 */
export async function buildIfStale(): Promise<void> {
  const builtAt = modifiedAt(BUILT_MARKER);
  if (builtAt !== undefined && newestSource() <= builtAt) return;

  // Type errors are the type-check's to report (tsc still emits); only a build that
  // produced nothing stops the run.
  await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'],
    { maxBuffer: 16 * 1024 * 1024 }).catch(() => undefined);
  if (modifiedAt(BUILT_MARKER) === undefined) {
    throw new Error('the build produced no dist/src/main.js; run npm run build to see why');
  }
  await promisify(execFile)('npm', ['run', 'build:assets'], { maxBuffer: 16 * 1024 * 1024 })
    .catch((error: unknown) => {
      throw new Error('npm run build:assets failed before the tests', { cause: error });
    });
}

function newestSource(): number {
  return Math.max(...SOURCES.map((path) => newestUnder(path)));
}

function newestUnder(path: string): number {
  const stats = statOrUndefined(path);
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestUnder(join(path, name))));
}

function modifiedAt(path: string): number | undefined {
  return statOrUndefined(path)?.mtimeMs;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
