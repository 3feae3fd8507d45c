/**
 * Writing a file so that a reader (or an interrupted run) never sees half of it: the bytes go to a
 * temporary name in the same folder, then one rename puts them in place.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes `data` to `path` atomically (creating its folder); on failure nothing is left at `path`
 * or under the temporary name.
 * @example writeFileAtomic('out/heat.png', pngBytes);
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
