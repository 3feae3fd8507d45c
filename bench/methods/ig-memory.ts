/**
 * Child process of `pnpm bench:methods`: peak RSS growth of one Integrated Gradients run on
 * ResNet-50 (zoo-light, random weights) with STEPS steps and internalBatchSize CHUNK, measured
 * from the peak after a warm-up vjp at batch CHUNK (so the session's own arenas are counted once).
 * Prints one JSON line { steps, chunk, baseMiB, peakMiB, growthMiB, ms }.
 */
import { integratedGradients, type Tensor } from '@axplain/core';
import { loadModel } from '@axplain/node';
import { encodeModel } from '@axplain/onnx';
import { loadShared } from './shared.js';
import { randomizeWeights } from '../../test/support/zoo.js';
import { photoLikeImage } from './image.js';

const [steps, chunk] = process.argv.slice(2).map(Number) as [number, number];
const model = await loadModel(encodeModel(randomizeWeights(loadShared('models/zoo-light/light_resnet50.onnx'), 1)), { maxBatch: chunk });
const x: Tensor = photoLikeImage(224);
const warm: Tensor = { data: new Float32Array(chunk * x.data.length), shape: [chunk, 3, 224, 224] };
await model.vjp(warm, { data: new Float32Array(chunk * model.classes).fill(1), shape: [chunk, model.classes] });
const mib = () => process.resourceUsage().maxRSS / 1024;
const base = mib();
const t0 = performance.now();
await integratedGradients(model, x, { steps, internalBatchSize: chunk, target: 0 });
const ms = performance.now() - t0;
const peak = mib();
await model.dispose();
process.stdout.write(JSON.stringify({ steps, chunk, baseMiB: base, peakMiB: peak, growthMiB: peak - base, ms }) + '\n');
