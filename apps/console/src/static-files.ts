import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the UI's files are. swc compiles scripts only, so the HTML and CSS never reach dist/:
 * run from dist/apps/console/src/ the console serves them from the source tree, run from source
 * (tests, ts-node) from next to this file.
 */
export function staticDir(here: string = __dirname): string {
  const candidates = [
    path.join(here, 'public'),
    path.resolve(here, '..', '..', '..', '..', 'apps', 'console', 'src', 'public'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found)
    throw new Error(`the console's static files are missing: looked for index.html in ${candidates.join(', ')}`);
  return found;
}
