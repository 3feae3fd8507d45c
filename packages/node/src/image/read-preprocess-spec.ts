/**
 * Finding the preprocessing spec stored beside a model file.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parsePreprocessSpec, PreprocessSpecError, type ResolvedPreprocessSpec } from '@axplain/core';

/** A JSON file's value; undefined when the file does not exist; PreprocessSpecError naming the file otherwise. */
export async function readSpecJson(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PreprocessSpecError(file, '', `cannot be read: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PreprocessSpecError(file, '', `is not valid JSON: ${(e as Error).message}`);
  }
}

/** The files `readPreprocessSpec` looks at, in order. */
export function preprocessSpecCandidates(modelPath: string): string[] {
  const dir = dirname(modelPath), ext = extname(modelPath);
  const stem = ext ? basename(modelPath, ext) : basename(modelPath);
  const files = [join(dir, `${stem}.preprocess.json`)];
  if (ext) files.push(`${modelPath}.preprocess.json`);
  files.push(join(dir, 'card.json'));
  return files;
}

/**
 * The preprocessing spec of a model: `<model>.preprocess.json` (for `net.onnx`: `net.preprocess.json`,
 * then `net.onnx.preprocess.json`), else the `preprocessing` field of a `card.json` beside it;
 * undefined when there is neither. A spec that is present but invalid raises
 * PreprocessSpecError naming the file and the field.
 * @example const spec = (await readPreprocessSpec('models/mnist-mlp/model.onnx')) ?? inferPreprocessSpec(model.inputShape);
 */
export async function readPreprocessSpec(modelPath: string): Promise<ResolvedPreprocessSpec | undefined> {
  return (await findPreprocessSpec(modelPath))?.spec;
}

/** readPreprocessSpec with the file the spec was read from. */
export async function findPreprocessSpec(modelPath: string): Promise<{ spec: ResolvedPreprocessSpec; file: string } | undefined> {
  for (const file of preprocessSpecCandidates(modelPath)) {
    const json = await readSpecJson(file);
    if (json === undefined) continue;
    if (basename(file) !== 'card.json') return { spec: parsePreprocessSpec(json, file), file };
    const pre = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).preprocessing : undefined;
    if (pre !== undefined) return { spec: parsePreprocessSpec(pre, `${file} (field 'preprocessing')`), file };
  }
  return undefined;
}
