/**
 * Small classifier architectures as specs, built into inference ONNX models (input `input`
 * [N, C, H, W], output `logits` [N, classes]) with seeded initial weights:
 *
 * - `mlp`: Flatten -> (Gemm -> Relu) per hidden size -> Gemm.
 * - `lenet`: (Conv 5x5 "same" -> Relu -> MaxPool 2x2) x 2 -> Flatten -> (Gemm -> Relu) per hidden
 *   size -> Gemm (LeCun et al. 1998 with ReLU and max pooling).
 * - `resnet`: Conv 3x3 stem -> Relu -> residual blocks (Relu(x + Conv3x3(Relu(Conv3x3(x))))) in
 *   stages of doubling width, the first block of every later stage strided 2 with a 1x1
 *   projection shortcut -> GlobalAveragePool -> Gemm. No BatchNormalization: a BN layer trained
 *   here would need batch statistics that the inference graph does not compute, so the blocks
 *   are BN-free and each block's last convolution starts at zero (the "zero-init residual" /
 *   Fixup idea): every block starts as the identity (or its projection), which keeps the
 *   signal's scale at initialisation without normalisation.
 *
 * Weights use `init` (default He normal), biases start at zero; every draw comes from one Rng
 * seeded with `seed`, in layer order, so a (spec, seed) pair always gives the same bytes.
 */
import { isInteger, Rng } from '@axplain/core';
import { ModelBuilder, type ModelProto } from '@axplain/onnx';
import { type InitKind, initialize } from './initializers.js';

/** A multilayer perceptron. */
export interface MlpSpec {
  kind: 'mlp';
  /** Hidden layer sizes. @defaultValue [128] */
  hidden?: readonly number[];
}

/** A LeNet-style CNN. */
export interface LenetSpec {
  kind: 'lenet';
  /** Output channels of the two convolutions. @defaultValue [6, 16] */
  channels?: readonly [number, number];
  /** Hidden sizes of the fully connected layers. @defaultValue [120, 84] */
  hidden?: readonly number[];
}

/** A small BN-free residual network. */
export interface ResnetSpec {
  kind: 'resnet';
  /** Channels of the stem and the first stage (doubling per stage). @defaultValue 8 */
  width?: number;
  /** Residual blocks per stage. @defaultValue [1, 1] */
  blocks?: readonly number[];
}

export type ArchitectureSpec = MlpSpec | LenetSpec | ResnetSpec;

/** The architecture names `parseArchitecture` and the CLI accept. */
export const ARCHITECTURES: readonly ArchitectureSpec['kind'][] = Object.freeze(['mlp', 'lenet', 'resnet']);

export interface BuildArchitectureOptions {
  /** Per-sample input shape [C, H, W]. */
  inputShape: readonly number[];
  /** Number of classes (logits per sample). */
  classes: number;
  /** Seed of the initial weights. @defaultValue 0 */
  seed?: number;
  /** Initialiser of weights (biases start at 0). @defaultValue 'he-normal' */
  init?: InitKind;
  /** Default-domain opset of the model. @defaultValue 13 */
  opset?: number;
}

/** What `emitArchitecture` added to a builder. */
export interface EmittedNetwork {
  /** The [N, classes] logits tensor. */
  logits: string;
  /** Parameter (initializer) names, in creation order. */
  params: string[];
  /** One-line description, e.g. `Flatten -> Gemm 784x128 -> Relu -> Gemm 128x10 (logits)`. */
  description: string;
}

interface Ctx { b: ModelBuilder; rng: Rng; init: InitKind; prefix: string; params: string[]; parts: string[] }

function weight(c: Ctx, name: string, shape: number[], zero = false): string {
  const full = `${c.prefix}${name}`;
  c.params.push(full);
  return c.b.initializer(full, shape, initialize(zero ? 'zeros' : c.init, shape, c.rng));
}

function dense(c: Ctx, h: string, name: string, nIn: number, nOut: number): string {
  c.parts.push(`Gemm ${nIn}x${nOut}`);
  return c.b.node('Gemm', [h, weight(c, `${name}.weight`, [nIn, nOut]), weight(c, `${name}.bias`, [nOut], true)]);
}

function conv(c: Ctx, h: string, name: string, cin: number, cout: number, k: number, stride = 1, zero = false): string {
  const p = (k - 1) >> 1;
  return c.b.node('Conv', [h, weight(c, `${name}.weight`, [cout, cin, k, k], zero), weight(c, `${name}.bias`, [cout], true)], {
    kernel_shape: [k, k], pads: [p, p, p, p], strides: [stride, stride],
  });
}

function positiveInts(v: readonly number[], name: string, allowEmpty = true): void {
  if (!Array.isArray(v) || (!allowEmpty && v.length === 0) || !v.every((d) => isInteger(d, { min: 1 })))
    throw new RangeError(`${name}: expected ${allowEmpty ? 'a list of' : 'a non-empty list of'} integers >= 1, got ${JSON.stringify(v)}`);
}

/**
 * Adds one network of `spec` reading `x` to a builder; parameter names start with `prefix`
 * (two networks can share a builder, as the simultaneous find-another-explanation does).
 * @example
 * const b = new ModelBuilder({ opset: 13 });
 * const x = b.input('input', ['N', 1, 28, 28]);
 * const net = emitArchitecture(b, x, { kind: 'mlp' }, { inputShape: [1, 28, 28], classes: 10, rng: new Rng(0) });
 * b.output(net.logits);
 */
export function emitArchitecture(
  b: ModelBuilder, x: string, spec: ArchitectureSpec,
  options: { inputShape: readonly number[]; classes: number; rng: Rng; init?: InitKind; prefix?: string },
): EmittedNetwork {
  const { inputShape, classes } = options;
  if (inputShape.length !== 3) throw new RangeError(`inputShape: expected [C, H, W], got [${inputShape.join(', ')}]`);
  positiveInts(inputShape, 'inputShape');
  if (!isInteger(classes, { min: 2 })) throw new RangeError(`classes: expected an integer >= 2, got ${classes}`);
  const c: Ctx = { b, rng: options.rng, init: options.init ?? 'he-normal', prefix: options.prefix ?? '', params: [], parts: [] };
  const [C, H, W] = inputShape as [number, number, number];
  let h = x;
  let features: number;
  const hiddenLayers = (hidden: readonly number[], nIn: number): number => {
    hidden.forEach((n, i) => {
      h = b.node('Relu', [dense(c, h, `fc${i + 1}`, nIn, n)]);
      c.parts.push('Relu');
      nIn = n;
    });
    return nIn;
  };
  switch (spec.kind) {
    case 'mlp': {
      const hidden = spec.hidden ?? [128];
      positiveInts(hidden, 'spec.hidden');
      h = b.node('Flatten', [h], { axis: 1 });
      c.parts.push('Flatten');
      features = hiddenLayers(hidden, C * H * W);
      break;
    }
    case 'lenet': {
      const [c1, c2] = spec.channels ?? [6, 16];
      const hidden = spec.hidden ?? [120, 84];
      positiveInts([c1, c2], 'spec.channels');
      positiveInts(hidden, 'spec.hidden');
      if (H < 4 || W < 4) throw new RangeError(`inputShape: LeNet pools twice by 2, so images must be at least 4x4, got ${H}x${W}`);
      let cin = C;
      for (const [i, cout] of [c1, c2].entries()) {
        h = b.node('MaxPool', [b.node('Relu', [conv(c, h, `conv${i + 1}`, cin, cout, 5)])], { kernel_shape: [2, 2], strides: [2, 2] });
        c.parts.push(`Conv ${cin}->${cout} 5x5 -> Relu -> MaxPool 2`);
        cin = cout;
      }
      h = b.node('Flatten', [h], { axis: 1 });
      c.parts.push('Flatten');
      features = hiddenLayers(hidden, c2 * Math.floor(Math.floor(H / 2) / 2) * Math.floor(Math.floor(W / 2) / 2));
      break;
    }
    case 'resnet': {
      const width = spec.width ?? 8;
      const blocks = spec.blocks ?? [1, 1];
      positiveInts([width], 'spec.width');
      positiveInts(blocks, 'spec.blocks', false);
      h = b.node('Relu', [conv(c, h, 'stem', C, width, 3)]);
      c.parts.push(`Conv ${C}->${width} 3x3 -> Relu`);
      let cin = width;
      blocks.forEach((count, s) => {
        const cout = width * 2 ** s;
        for (let k = 0; k < count; k++) {
          const stride = s > 0 && k === 0 ? 2 : 1;
          const name = `stage${s + 1}.block${k + 1}`;
          const inner = b.node('Relu', [conv(c, h, `${name}.conv1`, cin, cout, 3, stride)]);
          const branch = conv(c, inner, `${name}.conv2`, cout, cout, 3, 1, true);
          const shortcut = stride !== 1 || cin !== cout ? conv(c, h, `${name}.shortcut`, cin, cout, 1, stride) : h;
          h = b.node('Relu', [b.node('Add', [branch, shortcut])]);
          c.parts.push(`Block ${cin}->${cout}${stride > 1 ? ' /2' : ''}`);
          cin = cout;
        }
      });
      h = b.node('Flatten', [b.node('GlobalAveragePool', [h])], { axis: 1 });
      c.parts.push('GlobalAveragePool');
      features = cin;
      break;
    }
    default:
      throw new RangeError(`spec.kind: unknown architecture '${String((spec as { kind?: unknown }).kind)}'; choose one of ${ARCHITECTURES.join(', ')}`);
  }
  const logits = dense(c, h, 'out', features, classes);
  return { logits, params: c.params, description: `${c.parts.join(' -> ')} (logits)` };
}

/**
 * Builds the inference model of an architecture spec with seeded initial weights.
 * @example
 * ```ts
 * import { encodeModel } from '@axplain/onnx';
 * const model = buildArchitecture({ kind: 'lenet' }, { inputShape: [1, 28, 28], classes: 10, seed: 0 });
 * writeFileSync('lenet.onnx', encodeModel(model)); // input 'input' [N,1,28,28] -> 'logits' [N,10]
 * ```
 */
export function buildArchitecture(spec: ArchitectureSpec, options: BuildArchitectureOptions): ModelProto {
  const b = new ModelBuilder({ opset: options.opset ?? 13 });
  const x = b.input('input', ['N', ...options.inputShape]);
  const net = emitArchitecture(b, x, spec, { ...options, rng: new Rng(options.seed ?? 0) });
  b.output(net.logits);
  const model = b.build();
  renameTensor(model, net.logits, 'logits');
  model.docString = net.description;
  return model;
}

/** The one-line description of an architecture (as in a model card). */
export function describeArchitecture(spec: ArchitectureSpec, inputShape: readonly number[], classes: number): string {
  return emitArchitecture(new ModelBuilder(), 'input', spec, { inputShape, classes, rng: new Rng(0) }).description;
}

/**
 * Renames a tensor everywhere in a model (node inputs and outputs, graph outputs), in place.
 * @example renameTensor(model, 'gemm_7', 'logits');
 */
export function renameTensor(model: ModelProto, from: string, to: string): void {
  const gr = model.graph!;
  for (const n of gr.node ?? []) {
    n.input = (n.input ?? []).map((i) => (i === from ? to : i));
    n.output = (n.output ?? []).map((o) => (o === from ? to : o));
  }
  for (const o of gr.output ?? []) if (o.name === from) o.name = to;
}

/** Parses `mlp`, `lenet`, `resnet` with optional sizes: `mlp:256,128`, `lenet:8,16`, `resnet:16x2,2`. */
export function parseArchitecture(text: string): ArchitectureSpec {
  const [kind, args] = text.split(':', 2) as [string, string | undefined];
  const ints = (s: string) => s.split(',').map((v) => {
    if (!/^\d+$/.test(v.trim())) throw new RangeError(`architecture '${text}': '${v}' is not a whole number`);
    return Number(v);
  });
  switch (kind) {
    case 'mlp': return args ? { kind, hidden: ints(args) } : { kind };
    case 'lenet': {
      if (!args) return { kind };
      const v = ints(args);
      if (v.length < 2) throw new RangeError(`architecture '${text}': lenet takes two channel counts and optional hidden sizes, e.g. lenet:6,16,120,84`);
      return v.length > 2 ? { kind, channels: [v[0]!, v[1]!], hidden: v.slice(2) } : { kind, channels: [v[0]!, v[1]!] };
    }
    case 'resnet': {
      if (!args) return { kind };
      const [w, rest] = args.split('x', 2) as [string, string | undefined];
      return rest ? { kind, width: ints(w)[0]!, blocks: ints(rest) } : { kind, width: ints(w)[0]! };
    }
    default:
      throw new RangeError(`architecture: unknown '${kind}'; choose one of ${ARCHITECTURES.join(', ')} (or a .onnx file)`);
  }
}
