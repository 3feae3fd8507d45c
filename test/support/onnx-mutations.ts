/**
 * Mutations of ONNX model bytes for the loader fuzz test (test/fuzz/onnx-fuzz.test.ts): a seeded
 * record (seed model, mutation kind, six random numbers) turns into mutated bytes, reproducibly.
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@axplain/core';
import { encodeModel, ModelBuilder, type ModelProto, onnx } from '@axplain/onnx';
import fc from 'fast-check';

const MLP = readFileSync(new URL('../../models/mnist-mlp/model.onnx', import.meta.url));

/** A small CNN x [N, 1, 8, 8] -> Conv 3x3x4 -> Relu -> MaxPool 2 -> Reshape -> MatMul -> Add -> logits [N, 3]. */
function cnn(): Uint8Array {
  const rng = new Rng(3);
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 1, 8, 8]);
  const c = b.node('Relu', [b.node('Conv', [x, b.initializer('w', [4, 1, 3, 3], Array.from(rng.fillNormal(36, 0.3))), b.initializer('b', [4], [0.1, -0.1, 0, 0.05])], { pads: [1, 1, 1, 1] })]);
  const p = b.node('MaxPool', [c], { kernel_shape: [2, 2], strides: [2, 2] });
  const f = b.node('Reshape', [p, b.initializer('shape', [2], [0, -1], 7)]);
  b.output(b.node('Add', [b.node('MatMul', [f, b.initializer('v', [64, 3], Array.from(rng.fillNormal(192, 0.2)))]), b.initializer('c', [3], [0, 0.1, -0.1])]));
  return encodeModel(b.build());
}
// Plain Uint8Array copies: Buffer#slice would return views, and a byte flip would then corrupt the seed.
export const SEEDS = { mlp: Uint8Array.from(MLP), cnn: Uint8Array.from(cnn()) };

export const KINDS = [
  'truncate', 'byte-flip', 'op-type', 'attribute', 'tensor-type', 'missing-initializer', 'cycle', 'dangling-input',
  'absurd-dims', 'huge-declared-size', 'external-data', 'unknown-domain', 'opset', 'output-name',
] as const;
type Kind = (typeof KINDS)[number];

const OPS = ['Conv', 'Relu', 'Softmax', 'MatMul', 'Gather', 'Reshape', 'Loop', 'If', 'NoSuchOp', '', 'QLinearConv', 'Einsum'];
const TYPES = [0, 2, 3, 6, 7, 8, 9, 10, 11, 16, 99];
const DIMS = [0, -1, -7, 2 ** 31, 2 ** 40, 1e15];

/** One mutation: its kind and the random numbers it draws its choices from. */
export const mutation = fc.record({ seed: fc.constantFrom<keyof typeof SEEDS>('mlp', 'cnn'), kind: fc.constantFrom(...KINDS), r: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }) });
export type Mutation = { seed: keyof typeof SEEDS; kind: Kind; r: number[] };

const pick = <T>(xs: readonly T[], r: number): T => xs[r % xs.length]!;

/** The mutated model bytes. */
export function mutate({ seed, kind, r }: Mutation): Uint8Array {
  const bytes = SEEDS[seed];
  if (kind === 'truncate') return bytes.slice(0, r[0]! % bytes.length);
  if (kind === 'byte-flip') {
    const out = bytes.slice();
    for (let k = 0; k < 1 + (r[0]! % 8); k++) {
      const at = (r[(k % 5) + 1]! * (k + 1)) % out.length;
      out[at] = out[at]! ^ (1 << ((r[0]! + k) % 8));
    }
    return out;
  }
  const m: ModelProto = onnx.ModelProto.decode(bytes.slice());
  const g = m.graph!;
  const nodes = g.node!;
  const inits = g.initializer!;
  const node = pick(nodes, r[0]!);
  const init = pick(inits, r[1]!);
  switch (kind) {
    case 'op-type': node.opType = pick(OPS, r[2]!); break;
    case 'attribute': {
      const a = node.attribute?.length ? pick(node.attribute, r[2]!) : undefined;
      if (a) { a.i = pick([-1, 0, 2 ** 31 - 1], r[3]!); a.ints = a.ints?.length ? a.ints.map(() => pick([-1, 0, 1e9], r[4]!)) : a.ints; a.type = pick([1, 2, 7, 99], r[5]!) as number as NonNullable<typeof a.type>; }
      else node.attribute = [{ name: 'axis', type: 2, i: 1e9 }];
      break;
    }
    case 'tensor-type': init.dataType = pick(TYPES, r[2]!); break;
    case 'missing-initializer': g.initializer = inits.filter((t) => t !== init); break;
    case 'cycle': {
      const i = nodes.indexOf(node);
      const later = nodes[i + (r[2]! % (nodes.length - i))]!;
      node.input![r[3]! % node.input!.length] = later.output![0]!;
      break;
    }
    case 'dangling-input': node.input![r[3]! % node.input!.length] = `nowhere_${r[4]! % 100}`; break;
    case 'absurd-dims': {
      const dims = g.input![0]!.type!.tensorType!.shape!.dim!;
      dims[r[2]! % dims.length] = { dimValue: pick(DIMS, r[3]!) };
      break;
    }
    case 'huge-declared-size': init.dims = [pick([2 ** 20, 2 ** 31, 2 ** 40], r[2]!), ...init.dims!.slice(1)]; break;
    case 'external-data':
      init.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
      init.externalData = [{ key: 'location', value: pick(['weights.bin', '../../../etc/passwd', '/dev/zero'], r[2]!) }, { key: 'length', value: String(2 ** 40) }];
      init.rawData = new Uint8Array(0);
      init.floatData = [];
      break;
    case 'unknown-domain':
      node.domain = pick(['com.example.unknown', 'com.microsoft', 'ai.onnx.ml'], r[2]!);
      m.opsetImport = [...(m.opsetImport ?? []), { domain: node.domain, version: 1 }];
      break;
    case 'opset': m.opsetImport![0]!.version = pick([0, 1, 6, 99, -3], r[2]!); break;
    case 'output-name': g.output![0]!.name = pick(['nope', '', nodes[0]!.input![0]!], r[2]!); break;
  }
  return encodeModel(m);
}

