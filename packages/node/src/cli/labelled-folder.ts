/**
 * A folder of labelled images for `axplain robustness --dataset DIR`: the class of an image comes
 * from its file name (`3_0042.png`, `3-a.jpg`, `3.png`) or from the folder it is in (`3/any.png`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './run.js';

export interface LabelledImage {
  path: string;
  label: number;
}

const IMAGE = /\.(png|jpe?g)$/i;
const NAME_LABEL = /^(\d+)(?=[_\-. ])/;

/**
 * The images of `dir` with their classes, sorted by path. Files directly in `dir` are labelled by
 * the number their name starts with (followed by `_`, `-`, `.` or a space); images in a subfolder
 * whose name is a number take that number. Other files (not .png/.jpg/.jpeg) are skipped; an image
 * without a class, or a subfolder not named by a number, is an error naming it.
 * @example listLabelledImages('digits') // [{ path: 'digits/3/a.png', label: 3 }, { path: 'digits/7_b.png', label: 7 }]
 */
export function listLabelledImages(dir: string): LabelledImage[] {
  if (!existsSync(dir)) throw new CliError(`--dataset: '${dir}' is neither a known dataset (mnist, fashion-mnist) nor a folder`);
  if (!statSync(dir).isDirectory()) throw new CliError(`--dataset: '${dir}' is a file; give a folder of labelled images or mnist, fashion-mnist`);
  const out: LabelledImage[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!/^\d+$/.test(entry))
        throw new CliError(`--dataset: subfolder '${path}' is not named by a class index; name class folders 0, 1, 2, ...`);
      for (const f of readdirSync(path).sort()) if (IMAGE.test(f) && statSync(join(path, f)).isFile()) out.push({ path: join(path, f), label: Number(entry) });
    } else if (IMAGE.test(entry)) {
      const m = NAME_LABEL.exec(entry);
      if (!m) throw new CliError(`--dataset: cannot tell the class of '${path}'; name it '<class>_<anything>.png' or put it in a folder named by its class`);
      out.push({ path, label: Number(m[1]) });
    }
  }
  if (out.length === 0) throw new CliError(`--dataset: no .png or .jpg images in '${dir}'`);
  return out;
}
