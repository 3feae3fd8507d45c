/**
 * Table-driven gradient checks: one row = (op, attributes, input shapes, opset). Each row is
 * built into a one-node model, compiled, and checked against central finite differences of the
 * original model through onnxruntime-node.
 */
import { type Dim, encodeModel, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { gradCheck, type GradCheckReport, Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';
import type { AttrValue } from '../../packages/onnx/src/proto.js';

export interface InputSpec {
  shape: number[];
  /** 'x': graph input, differentiated (default); 'param': initializer, differentiated;
   * 'const': initializer, not differentiated; 'input': graph input, not differentiated. */
  kind?: 'x' | 'param' | 'const' | 'input';
  /** Fixed values (initializers / inputs); else uniform in `range`. */
  values?: number[];
  /** Element type (default float32). */
  elemType?: number;
  /** Symbolic dims for graph inputs (e.g. ['N', 3]); values drawn with N = shape[0]. */
  symbolic?: Dim[];
  range?: [number, number];
}

export interface OpCase {
  name: string;
  op: string;
  opset?: number;
  inputs: (InputSpec | null)[];
  attrs?: Record<string, AttrValue | undefined>;
  nOut?: number;
  /** Which output to differentiate. @defaultValue 0 */
  outputIndex?: number;
  /** @defaultValue 2e-2 */
  tol?: number;
  seed?: number;
}

/** A configuration the rules reject on purpose, with the error `compile` must raise. */
export type RejectedCase = OpCase & { error: RegExp };

export interface BuiltCase {
  model: ModelProto;
  wrt: string[];
  feeds: Record<string, Float32Array>;
  /** Concrete shapes of the graph inputs in `feeds`. */
  shapes: Record<string, number[]>;
  /** Values of symbolic dims. */
  dims: Record<string, number>;
}

export function buildCase(c: OpCase): BuiltCase {
  const b = new ModelBuilder({ opset: c.opset ?? 17 });
  const rng = new Rng(c.seed ?? 1);
  const wrt: string[] = [];
  const feeds: Record<string, Float32Array> = {};
  const dims: Record<string, number> = {};
  const shapes: Record<string, number[]> = {};
  const names = c.inputs.map((s, k) => {
    if (!s) return undefined;
    const kind = s.kind ?? 'x';
    const n = s.shape.reduce((a, v) => a * v, 1);
    const [lo, hi] = s.range ?? [-1, 1];
    const vals = s.values ?? Array.from(rng.fillUniform(n, lo, hi));
    const name = `in${k}`;
    if (kind === 'x' || kind === 'input') {
      b.input(name, s.symbolic ?? s.shape, s.elemType);
      s.symbolic?.forEach((d, i) => { if (typeof d === 'string') dims[d] = s.shape[i]!; });
      feeds[name] = Float32Array.from(vals);
      shapes[name] = s.shape;
    } else b.initializer(name, s.shape, vals, s.elemType);
    if (kind === 'x' || kind === 'param') wrt.push(name);
    return name;
  });
  const outs = b.nodeN(c.op, names, c.attrs ?? {}, c.nOut ?? 1);
  b.output(outs[c.outputIndex ?? 0]!);
  return { model: b.build(), wrt, feeds, shapes, dims };
}

/**
 * Builds the case and checks its gradient against finite differences. Symbolic output dims
 * derived from the inputs' (e.g. '3*N' after a Reshape to [-1, 4]) get their values from one
 * forward run of the original model: gradCheck would otherwise draw the cotangent with 1 there.
 */
export async function checkCase(c: OpCase): Promise<GradCheckReport> {
  const { model, wrt, feeds, shapes, dims } = buildCase(c);
  if (c.inputs.some((s) => s?.symbolic)) {
    const sess = await ort.InferenceSession.create(encodeModel(model));
    const out = model.graph!.output![0]!;
    const res = await sess.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v, shapes[k])])));
    const actual = res[out.name!]!.dims;
    (out.type!.tensorType!.shape!.dim ?? []).forEach((d, i) => { if (d.dimParam && !(d.dimParam in dims)) dims[d.dimParam] = actual[i]!; });
    await sess.release();
  }
  return gradCheck(model, { wrt, feeds, dims, seed: c.seed ?? 1 });
}
