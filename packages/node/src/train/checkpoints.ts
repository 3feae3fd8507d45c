/**
 * The file I/O of training on Node: checkpoints written as `.onnx` files, and a model to train
 * given as a path read from disk.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel, type ModelProto } from '@axplain/onnx';
import { ModelFileError } from '../model/errors.js';

/**
 * Writes checkpoint bytes as `name` in `dir` (created when missing); returns the file's path.
 * @example saveCheckpoint('runs/mlp', 'epoch-1.onnx', bytes) // 'runs/mlp/epoch-1.onnx'
 */
export function saveCheckpoint(dir: string, name: string, bytes: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Reads and decodes the ONNX model to train from a path.
 * @example readTrainModel('mnist.onnx') // ModelProto
 */
export function readTrainModel(model: string): ModelProto {
  if (!existsSync(model) || statSync(model).isDirectory())
    throw new ModelFileError(model, existsSync(model) ? 'is a directory, expected an .onnx file' : 'does not exist');
  return decodeModel(readFileSync(model), model);
}
