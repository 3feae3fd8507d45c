/** File helpers with errors that name the file and the problem. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.js';
import { CliError } from './run.js';

export function readModelFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new CliError(`model file '${path}' does not exist`);
  if (statSync(path).isDirectory()) throw new CliError(`'${path}' is a directory, expected an .onnx file`);
  return readFileSync(path);
}

export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) throw new CliError(`file '${path}' does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`'${path}' is not valid JSON: ${(e as Error).message}`);
  }
}

/** Writes `value` as one line of JSON, creating the folder. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value) + '\n');
}
