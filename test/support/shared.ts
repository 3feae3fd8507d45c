/**
 * The ONE way tests reach third-party models and data that live outside the repository (never
 * copied into it). By default they are read from `../shared` beside the repository root:
 *
 *   ../shared/models/{mnist-zoo,imagenet,zoo-light}/...   ../shared/data/imagenet-sample/...
 *
 * - `AXPLAIN_SHARED_DIR` replaces `../shared` (a folder holding `models/` and `data/`);
 * - `AXPLAIN_MODELS_DIR` replaces the `models/` folder alone (a folder laid out like `../shared/models`),
 *   and wins over `AXPLAIN_SHARED_DIR` for models.
 *
 * When a folder is missing, the tests needing it skip with one printed line naming the folder and
 * the variable to set; under `CI=true` they fail instead (see requirement.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel, type ModelProto } from '@axplain/onnx';
import { type Requirement, requirement } from './requirement.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const abs = (p: string) => (isAbsolute(p) ? p : resolve(REPO, p));

/** The folder standing for `../shared` (AXPLAIN_SHARED_DIR when set). */
export function sharedRoot(): string {
  return process.env.AXPLAIN_SHARED_DIR ? abs(process.env.AXPLAIN_SHARED_DIR) : resolve(REPO, '../shared');
}

/** The variable that relocates `rel` (for the skip line). */
const variableFor = (rel: string) => (rel.startsWith('models/') ? 'AXPLAIN_MODELS_DIR (or AXPLAIN_SHARED_DIR)' : 'AXPLAIN_SHARED_DIR');

/**
 * Absolute path of `rel`, a path under `../shared` such as 'models/mnist-zoo/mnist-8-opt.onnx' or
 * 'data/imagenet-sample'. Pure: says where the file would be, whether or not it exists.
 */
export function sharedPath(rel: string): string {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts[0] === 'models' && process.env.AXPLAIN_MODELS_DIR) return join(abs(process.env.AXPLAIN_MODELS_DIR), ...parts.slice(1));
  return join(sharedRoot(), ...parts);
}

/** Undefined when every folder exists, else one sentence naming the missing folder and the variable to set. */
export function missingShared(...dirs: string[]): string | undefined {
  for (const rel of dirs) {
    const p = sharedPath(rel);
    if (!existsSync(p) || !statSync(p).isDirectory())
      return `third-party folder '${rel}' not found at ${p}; set ${variableFor(rel)} to a copy of ../shared`;
  }
  return undefined;
}

/** A folder under `../shared` the tests need, with the gate for them. */
export interface SharedDir extends Requirement {
  /** Absolute path of the folder. */
  readonly path: string;
  /** Absolute path of a file in the folder. */
  file(name: string): string;
}

/**
 * @param what  the tests needing the folders, for the skip line
 * @param rel  the folder, relative to `../shared` ('models/mnist-zoo'); `more` for further folders
 * @example const zoo = sharedDir('MNIST zoo tests', 'models/mnist-zoo'); zoo.describe('...', () => { loadModel(zoo.file('mnist-8-opt.onnx')) });
 */
export function sharedDir(what: string, rel: string, ...more: string[]): SharedDir {
  const path = sharedPath(rel);
  return { ...requirement(what, missingShared(rel, ...more)), path, file: (name: string) => join(path, name) };
}

/** Decodes a model under `../shared` (benchmarks and tests; a clear error when it is missing). */
export function loadShared(rel: string): ModelProto {
  const p = sharedPath(rel);
  if (!existsSync(p)) throw new Error(`third-party model '${rel}' not found at ${p}; set ${variableFor(rel)} to a copy of ../shared`);
  return decodeModel(readFileSync(p), rel);
}
