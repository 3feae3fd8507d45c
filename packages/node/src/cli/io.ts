/** File helpers with errors that name the file and the problem. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { CliError } from './run.js';

export function readModelFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new CliError(`model file '${path}' does not exist`);
  if (statSync(path).isDirectory()) throw new CliError(`'${path}' is a directory, expected an .onnx file`);
  return readFileSync(path);
}
