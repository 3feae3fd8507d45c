/**
 * A small ONNX -> TensorFlow.js interpreter for the benchmark peers: it reads the weights of an
 * ONNX file (our model, same bytes) and evaluates the graph with tfjs ops, so `tf.grad` gives the
 * input gradient of exactly the model axplain differentiates. Covers the ops of the CNNs and MLPs
 * benchmarked (Conv, MaxPool, AveragePool, GlobalAveragePool, ReduceMean over H and W, Relu, Add,
 * Gemm, MatMul, Flatten, Reshape); any other op is refused with its name.
 *
 * Layout: tfjs convolutions on the CPU and Wasm backends only take NHWC, so 4-D tensors are kept
 * NHWC inside and turned back to NCHW where ONNX's flattening order matters (Flatten, Reshape).
 */
import * as tf from '@tensorflow/tfjs';
import { type ModelProto, type NodeProto, tensorValues } from '@axplain/onnx';

interface Value { t: tf.Tensor; nhwc: boolean }

const attr = (n: NodeProto, name: string): number[] | number | undefined => {
  const a = (n.attribute ?? []).find((x) => x.name === name);
  if (!a) return undefined;
  if (a.ints && a.ints.length > 0) return a.ints.map(Number);
  if (a.f !== undefined && a.f !== null && a.type === 1) return a.f;
  return a.i !== undefined && a.i !== null ? Number(a.i) : undefined;
};
const ints = (n: NodeProto, name: string, dflt: number[]) => (attr(n, name) as number[] | undefined) ?? dflt;
const num = (n: NodeProto, name: string, dflt: number) => (attr(n, name) as number | undefined) ?? dflt;

/** The tensor in ONNX (NCHW) layout. */
const asNchw = (v: Value) => (v.nhwc ? tf.transpose(v.t, [0, 3, 1, 2]) : v.t);

export class UnsupportedPeerOp extends Error {}

/** A compiled forward function x (NCHW, as the ONNX input) -> the ONNX output `output`. */
export function tfjsFromOnnx(model: ModelProto, output?: string): { forward: (x: tf.Tensor) => tf.Tensor; dispose: () => void } {
  const g = model.graph!;
  const weights = new Map<string, tf.Tensor>();
  for (const init of g.initializer ?? []) {
    const dims = (init.dims ?? []).map(Number);
    weights.set(init.name!, tf.tensor(Float32Array.from(tensorValues(init)), dims, 'float32'));
  }
  // Conv kernels pre-transposed once to tfjs's [kh, kw, in, out].
  const convKernels = new Map<string, tf.Tensor4D>();
  for (const n of g.node ?? []) {
    if (n.opType === 'Conv') {
      const w = weights.get(n.input![1]!);
      if (!w) throw new UnsupportedPeerOp(`Conv '${n.name}': weight '${n.input![1]}' is not an initializer`);
      if (num(n, 'group', 1) !== 1) throw new UnsupportedPeerOp(`Conv '${n.name}': group != 1 is not converted`);
      convKernels.set(n.input![1]!, tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D);
    }
  }
  const inputName = (g.input ?? []).find((i) => !weights.has(i.name!))!.name!;
  const outName = output ?? g.output![0]!.name!;

  const forward = (x: tf.Tensor): tf.Tensor => {
    const env = new Map<string, Value>();
    env.set(inputName, x.rank === 4 ? { t: tf.transpose(x, [0, 2, 3, 1]), nhwc: true } : { t: x, nhwc: false });
    const get = (name: string): Value => {
      const v = env.get(name) ?? (weights.has(name) ? { t: weights.get(name)!, nhwc: false } : undefined);
      if (!v) throw new UnsupportedPeerOp(`tensor '${name}' is not computed before use`);
      return v;
    };
    for (const n of g.node ?? []) {
      const ins = n.input ?? [];
      const out = n.output![0]!;
      const pads = (p: number[]): [[number, number], [number, number], [number, number], [number, number]] =>
        [[0, 0], [p[0] ?? 0, p[2] ?? 0], [p[1] ?? 0, p[3] ?? 0], [0, 0]];
      let r: Value;
      switch (n.opType) {
        case 'Conv': {
          const a = get(ins[0]!);
          let y: tf.Tensor = tf.conv2d(a.t as tf.Tensor4D, convKernels.get(ins[1]!)!, ints(n, 'strides', [1, 1]) as [number, number],
            pads(ints(n, 'pads', [0, 0, 0, 0])), 'NHWC', ints(n, 'dilations', [1, 1]) as [number, number]);
          if (ins[2]) y = tf.add(y, get(ins[2]).t);
          r = { t: y, nhwc: true };
          break;
        }
        case 'MaxPool': case 'AveragePool': {
          const p = ints(n, 'pads', [0, 0, 0, 0]);
          if (p.some((v) => v !== 0)) throw new UnsupportedPeerOp(`${n.opType} '${n.name}': explicit pads are not converted`);
          const k = ints(n, 'kernel_shape', []) as [number, number];
          const s = ints(n, 'strides', [1, 1]) as [number, number];
          const f = n.opType === 'MaxPool' ? tf.maxPool : tf.avgPool;
          r = { t: f(get(ins[0]!).t as tf.Tensor4D, k, s, 'valid'), nhwc: true };
          break;
        }
        case 'GlobalAveragePool':
          r = { t: tf.mean(get(ins[0]!).t, [1, 2], true), nhwc: true };
          break;
        case 'ReduceMean': {
          const axes = ints(n, 'axes', []);
          if (axes.join() !== '2,3' || !get(ins[0]!).nhwc) throw new UnsupportedPeerOp(`ReduceMean '${n.name}': only axes [2, 3] of an image are converted`);
          r = { t: tf.mean(get(ins[0]!).t, [1, 2], num(n, 'keepdims', 1) === 1), nhwc: num(n, 'keepdims', 1) === 1 };
          break;
        }
        case 'Relu': { const a = get(ins[0]!); r = { t: tf.relu(a.t), nhwc: a.nhwc }; break; }
        case 'Add': {
          const a = get(ins[0]!), b = get(ins[1]!);
          if (a.nhwc !== b.nhwc) throw new UnsupportedPeerOp(`Add '${n.name}': operands of different layouts are not converted`);
          r = { t: tf.add(a.t, b.t), nhwc: a.nhwc };
          break;
        }
        case 'Flatten': {
          const a = asNchw(get(ins[0]!));
          const axis = num(n, 'axis', 1);
          const lead = a.shape.slice(0, axis).reduce((p, q) => p * q, 1);
          r = { t: tf.reshape(a, [lead, -1]), nhwc: false };
          break;
        }
        case 'Reshape': {
          const shape = tensorValues((g.initializer ?? []).find((i) => i.name === ins[1])!);
          const a = asNchw(get(ins[0]!));
          r = { t: tf.reshape(a, shape.map((d, i) => (d === 0 ? a.shape[i]! : d))), nhwc: false };
          break;
        }
        case 'MatMul': r = { t: tf.matMul(get(ins[0]!).t as tf.Tensor2D, get(ins[1]!).t as tf.Tensor2D), nhwc: false }; break;
        case 'Gemm': {
          let y = tf.matMul(get(ins[0]!).t as tf.Tensor2D, get(ins[1]!).t as tf.Tensor2D, num(n, 'transA', 0) === 1, num(n, 'transB', 0) === 1);
          const alpha = num(n, 'alpha', 1), beta = num(n, 'beta', 1);
          if (alpha !== 1) y = tf.mul(y, alpha);
          if (ins[2]) y = tf.add(y, beta === 1 ? get(ins[2]).t : tf.mul(get(ins[2]).t, beta));
          r = { t: y, nhwc: false };
          break;
        }
        default:
          throw new UnsupportedPeerOp(`op ${n.opType} (node '${n.name}') is not converted to tfjs`);
      }
      env.set(out, r);
    }
    return asNchw(get(outName));
  };
  return { forward, dispose: () => { for (const t of [...weights.values(), ...convKernels.values()]) t.dispose(); } };
}
