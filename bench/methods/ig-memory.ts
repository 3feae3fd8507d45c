/**
 * Child process of `pnpm bench:methods`: peak RSS growth of one Integrated Gradients run on
 * ResNet-50 (zoo-light, random weights) with STEPS steps and internalBatchSize CHUNK, measured
 * (Linux's VmHWM, reset just before the run) from the RSS after a warm-up vjp at batch WARM
 * (default CHUNK, so the session's own arenas are counted once; WARM < CHUNK is the control that
 * shows a larger chunk's growth).
 * Prints one JSON line { steps, chunk, warmBatch, baseMiB, peakMiB, growthMiB, ms }.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { integratedGradients, type Tensor } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { encodeModel } from '@axplain/onnx';
import { loadShared } from '../shared.js';
import { randomizeWeights } from '../../test/support/zoo.js';
import { photoLikeImage } from './image.js';

const [steps, chunk, warmBatch = chunk] = process.argv.slice(2).map(Number) as [number, number, number?];
const model = await loadModel(encodeModel(randomizeWeights(loadShared('models/zoo-light/light_resnet50.onnx'), 1)), { maxBatch: chunk });
const x: Tensor = photoLikeImage(224);
const warm: Tensor = { data: new Float32Array(warmBatch * x.data.length), shape: [warmBatch, 3, 224, 224] };
await model.vjp(warm, { data: new Float32Array(warmBatch * model.classes).fill(1), shape: [warmBatch, model.classes] });
// Peak resident memory during IG: Linux's high-water mark (VmHWM), reset to the current RSS
// just before IG by writing 5 to /proc/self/clear_refs, so transient allocations that are
// unmapped again before a JS timer could sample them count too (a 5 ms RSS sampler missed even a
// 64-row batch). The process's lifetime peak is no use: loading the model's weights peaks higher
// than any run.
const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
writeFileSync('/proc/self/clear_refs', '5');
const base = status('VmRSS');
const t0 = performance.now();
await integratedGradients(model, x, { steps, internalBatchSize: chunk, target: 0 });
const ms = performance.now() - t0;
const peak = status('VmHWM');
await model.dispose();
process.stdout.write(JSON.stringify({ steps, chunk, warmBatch, baseMiB: base, peakMiB: peak, growthMiB: peak - base, ms }) + '\n');
