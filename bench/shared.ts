/**
 * `../shared` for benchmarks (test/support/shared.ts is for vitest and cannot be imported from a
 * plain Node script): same variables (AXPLAIN_SHARED_DIR, AXPLAIN_MODELS_DIR), and a missing file
 * is an error naming the path and the variable to set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel, type ModelProto } from '@axplain/onnx';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const abs = (p: string) => (isAbsolute(p) ? p : resolve(REPO, p));

export function sharedPath(rel: string): string {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  const root = process.env.AXPLAIN_SHARED_DIR ? abs(process.env.AXPLAIN_SHARED_DIR) : resolve(REPO, '../shared');
  const path = parts[0] === 'models' && process.env.AXPLAIN_MODELS_DIR ? join(abs(process.env.AXPLAIN_MODELS_DIR), ...parts.slice(1)) : join(root, ...parts);
  if (!existsSync(path)) throw new Error(`benchmark input ${path} is missing: set AXPLAIN_SHARED_DIR (or AXPLAIN_MODELS_DIR for models) to the folder holding ../shared`);
  return path;
}

export const loadShared = (rel: string): ModelProto => decodeModel(readFileSync(sharedPath(rel)));
