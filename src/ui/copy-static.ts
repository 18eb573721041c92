import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Build step: `tsc` leaves the setup page's static files alone, so this copies
 * src/ui/static next to the compiled service (dist/src/ui/static), where the page
 * route looks for them. Run from dist after `tsc` (see the `build` script).
 */
export function copyStaticAssets(projectRoot: string, outputRoot: string) {
  const source = `${projectRoot}/src/ui/static`;
  const target = `${outputRoot}/src/ui/static`;
  if (!existsSync(source)) throw new Error(`no setup page assets at ${source}`);

  // A file deleted from the source must not live on in dist.
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return target;
}

// Compiled to dist/src/ui/copy-static.js: the project root is three folders up.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outputRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
  const projectRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
  console.log(`setup page assets copied to ${copyStaticAssets(projectRoot, outputRoot)}`);
}
