/**
 * What the gradient benchmarks share: a zoo-light model with seeded random weights (outside
 * vitest, so without test/support/shared.ts) or one of the families bench/families/build.py
 * makes, its compiled gradient graph and the feeds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileResult, decodeModel, DT, floatToHalf, Graph, makeTensor, type ModelProto, tensorValues } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { logitsOf, randomizeWeights } from '../test/support/zoo.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** A file under ../shared (or AXPLAIN_SHARED_DIR); exits with a clear line when it is missing. */
export function readShared(rel: string): Uint8Array {
  const root = process.env.AXPLAIN_SHARED_DIR ? resolve(REPO, process.env.AXPLAIN_SHARED_DIR) : resolve(REPO, '../shared');
  const p = resolve(root, rel);
  if (!existsSync(p)) {
    process.stderr.write(`missing ${p}: set AXPLAIN_SHARED_DIR to the folder holding models/zoo-light\n`);
    process.exit(2);
  }
  return readFileSync(p);
}

/** The benchmark's CNNs: the four zoo-light files, then the families bench/families/build.py makes. */
export const FAMILIES = ['densenet121', 'bn_inception', 'shufflenet_v1'] as const;
export const BENCH_MODELS = ['light_squeezenet', 'light_inception_v1', 'light_vgg19', 'light_resnet50', ...FAMILIES] as const;
const FAMILY_DIR = resolve(REPO, 'bench/.cache/families');
/**
 * The two trained ImageNet files in ../shared/models/imagenet (int8 QDQ, float16; batch 1 only),
 * which `BENCH_MODELS` may name for `pnpm bench:profile`: their own weights, a synthetic input.
 */
export const IMAGENET = ['shufflenet-v2-12-qdq', 'squeezenet1.0-fp16'] as const;

/**
 * A family model (DenseNet-121, BN-Inception, ShuffleNet v1: seeded random weights, opset 9, like
 * the model zoo's files), built once with /usr/bin/python3 and Debian's python3-torch.
 */
function familyModel(name: string): Uint8Array {
  const p = resolve(FAMILY_DIR, `${name}.onnx`);
  if (!existsSync(p)) {
    process.stderr.write(`building ${FAMILY_DIR} (bench/families/build.py, python3-torch)\n`);
    try {
      execFileSync('/usr/bin/python3', [resolve(REPO, 'bench/families/build.py'), FAMILY_DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      process.stderr.write('bench/families/build.py failed: it needs /usr/bin/python3 with torch and onnx (Debian: apt-get install python3-torch python3-onnx)\n');
      process.exit(2);
    }
  }
  return readFileSync(p);
}

export interface ZooCase {
  model: ModelProto;
  compiled: CompileResult;
  compileMs: number;
  input: string;
  /** Feeds of the forward session and of the gradient graph. */
  fwdFeeds: Record<string, ort.Tensor>;
  gradFeeds: Record<string, ort.Tensor>;
  fwdFetch: string[];
}

/**
 * The zoo-light files fix the batch at 1 (inputs, outputs, and the [1, K] shape of the Reshape
 * before the classifier): for another batch size the input's and outputs' first dim is set to it
 * and those shapes become [-1, K]. Any other Reshape of an activation stops the benchmark.
 */
function withBatch(model: ModelProto, batch: number): ModelProto {
  if (batch === 1) return model;
  const g = model.graph!;
  const inits = new Map((g.initializer ?? []).map((t) => [t.name!, t]));
  for (const v of [...(g.input ?? []).filter((i) => !inits.has(i.name!)), ...(g.output ?? [])]) {
    const d = v.type!.tensorType!.shape!.dim![0]!;
    d.dimValue = batch;
  }
  for (const n of g.node ?? []) {
    if (n.opType !== 'Reshape' || inits.has(n.input![0]!)) continue;
    const t = inits.get(n.input![1]!);
    const v = t ? tensorValues(t) : undefined;
    if (!t || !v || v[0] !== 1) throw new Error(`withBatch: Reshape '${n.name}' has no constant [1, ...] shape`);
    const fixed = makeTensor(t.name!, t.dataType!, (t.dims ?? []).map(Number), [-1, ...v.slice(1)]);
    g.initializer = g.initializer!.map((x) => (x === t ? fixed : x));
  }
  g.valueInfo = [];
  return model;
}

export function zooCase(name: string, batch = 1): ZooCase {
  const trained = (IMAGENET as readonly string[]).includes(name);
  if (trained && batch !== 1) throw new Error(`${name} has a batch dim of 1: profile it at BENCH_BATCH=1`);
  const bytes = (FAMILIES as readonly string[]).includes(name) ? familyModel(name)
    : trained ? readShared(`models/imagenet/${name}.onnx`) : readShared(`models/zoo-light/${name}.onnx`);
  const model = trained ? decodeModel(bytes) : withBatch(randomizeWeights(decodeModel(bytes), 1), batch);
  const of = logitsOf(model);
  const t0 = performance.now();
  // BENCH_KEEP_OPSET=1: the graph at the model's own opset (MaxPool gradients by groups of
  // scatters), the form before the opset-16 upgrade, for before/after figures in one session.
  const compiled = compile(model, { of }, { keepOpset: process.env.BENCH_KEEP_OPSET === '1' });
  const compileMs = performance.now() - t0;
  const input = compiled.wrt[0]!;
  const n = batch * 3 * 224 * 224;
  const graph = new Graph(model);
  // Feeds in each tensor's own type (the float16 SqueezeNet's input and logits are float16).
  const tensor = (name: string, data: Float32Array, dims: number[]) => (graph.info(name).elemType === DT.FLOAT16
    ? new ort.Tensor('float16', Uint16Array.from(data, floatToHalf), dims) : new ort.Tensor('float32', data, dims));
  const x = tensor(input, Float32Array.from({ length: n }, (_, i) => (i % 255) / 255), [batch, 3, 224, 224]);
  // The logits' static shape ([1, 1000] or SqueezeNet's [1, 1000, 1, 1]) with the batch set.
  const ctDims = graph.info(of).shape.map((d, i) => (i === 0 ? batch : typeof d === 'number' ? d : 1));
  const ct = tensor(of, new Float32Array(ctDims.reduce((a, b) => a * b, 1)).fill(1e-3), ctDims);
  return {
    model, compiled, compileMs, input,
    fwdFeeds: { [input]: x }, gradFeeds: { [input]: x, [compiled.cotangentInput]: ct },
    fwdFetch: [model.graph!.output![0]!.name!],
  };
}
