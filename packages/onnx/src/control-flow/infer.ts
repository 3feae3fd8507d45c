/**
 * Shape inference for If, Loop and Scan: a body's outputs are inferred on a standalone model of
 * the body (formal inputs typed from the node's inputs, captures from the enclosing scope);
 * declared output types of the body are used where inference cannot tell.
 */
import type { Dim, TensorInfo } from '../dims.js';
import { ShapeInferenceError } from '../errors.js';
import { Graph, infoFromValueInfo } from '../graph.js';
import type { InferContext, InferTable } from '../infer/types.js';
import type { Node } from '../node.js';
import { DT, type GraphProto, type ModelProto, onnx } from '../proto.js';
import { bodyModel } from './subgraph.js';

/** The enclosing model when the context is a Graph, else a minimal one at the context's opset. */
export function outerModel(ctx: InferContext): ModelProto {
  const m = (ctx as Partial<Graph>).model;
  return m ?? onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: ctx.opset }] });
}

export function bodyAttr(n: Node, name: string): GraphProto {
  const g = (n.proto.attribute ?? []).find((a) => a.name === name)?.g;
  if (!g) throw new ShapeInferenceError(n.outputs[0] ?? n.name, `${n.describe()} has no graph attribute '${name}'`);
  return g;
}

/** A Graph over a body, with the given infos for its formal inputs. */
export function bodyGraph(ctx: InferContext, body: GraphProto, inputInfos: (TensorInfo | undefined)[]): Graph {
  return new Graph(bodyModel({ outer: outerModel(ctx), body, inputInfos, info: (x) => ctx.tryInfo(x), value: (x) => ctx.value(x) }));
}

/** Infos of the body outputs: declared ones when fully typed, else inferred on the body. */
export function bodyOutputInfos(ctx: InferContext, body: GraphProto, inputInfos: (TensorInfo | undefined)[]): (TensorInfo | undefined)[] {
  const declared = (body.output ?? []).map((o) => infoFromValueInfo(o));
  if (declared.every((d) => d && d.elemType)) return declared;
  const g = bodyGraph(ctx, body, inputInfos);
  return (body.output ?? []).map((o, k) => g.tryInfo(o.name!) ?? declared[k]);
}

const need = (n: Node, k: number, i: TensorInfo | undefined): TensorInfo => {
  if (!i) throw new ShapeInferenceError(n.outputs[k] ?? '', `${n.describe()}: the type of its body's output ${k} is unknown`);
  return i;
};

/** Formal-input infos of a Loop body: iteration number, condition, carried state. */
export function loopBodyInputInfos(n: Node, ctx: InferContext): TensorInfo[] {
  const carried = n.explicitInputs.slice(2).map((x) => ctx.info(x));
  return [{ elemType: DT.INT64, shape: [] }, { elemType: DT.BOOL, shape: [] }, ...carried];
}

/**
 * Number of Loop iterations: the trip count when it is a known constant and the condition stays
 * true (absent or constant true, and the body passes it through or sets it to a constant true).
 */
function loopTrips(n: Node, ctx: InferContext): Dim {
  const m = n.input(0);
  const v = m ? ctx.value(m) : undefined;
  const isTrue = (x: string | undefined): boolean => { const c = x ? ctx.value(x) : undefined; return !!c && c.data[0] !== 0; };
  const body = bodyAttr(n, 'body');
  const condIn = body.input?.[1]?.name;
  const condOut = body.output?.[0]?.name;
  const prod = (body.node ?? []).find((p) => (p.output ?? []).includes(condOut ?? ''));
  const staysTrue = condOut === condIn || (prod?.opType === 'Identity' && (prod.input?.[0] === condIn || isTrue(prod.input?.[0])));
  return v && (!n.input(1) || isTrue(n.input(1))) && staysTrue ? v.data[0]! : `${n.outputs[0] || n.name}_trips`;
}

export const normAxis = (a: number, rank: number): number => (a < 0 ? a + rank : a);

/** Scan attributes, with defaults, for `nIn` scan inputs and `nOut` scan outputs. */
export function scanAttrs(n: Node, ctx: InferContext): { nState: number; inAxes: number[]; inDirs: number[]; outAxes: number[]; outDirs: number[] } {
  const m = n.int('num_scan_inputs', 0);
  const nState = n.explicitInputs.length - m;
  const body = bodyAttr(n, 'body');
  const k = (body.output ?? []).length - nState;
  const ins = n.explicitInputs.slice(nState);
  const inAxes = (n.ints('scan_input_axes') ?? new Array(m).fill(0)).map((a, j) => normAxis(a, ctx.info(ins[j]!).shape.length));
  const inDirs = n.ints('scan_input_directions') ?? new Array(m).fill(0);
  const outAxes = n.ints('scan_output_axes') ?? new Array(k).fill(0);
  const outDirs = n.ints('scan_output_directions') ?? new Array(k).fill(0);
  return { nState, inAxes, inDirs, outAxes, outDirs };
}

export function scanBodyInputInfos(n: Node, ctx: InferContext): TensorInfo[] {
  const { nState, inAxes } = scanAttrs(n, ctx);
  return n.explicitInputs.map((x, j) => {
    const i = ctx.info(x);
    if (j < nState) return i;
    const ax = inAxes[j - nState]!;
    return { elemType: i.elemType, shape: i.shape.filter((_, d) => d !== ax) };
  });
}

export const CONTROL_FLOW_INFER: InferTable = {
  If: {
    infer: (n, ctx) => {
      const a = bodyOutputInfos(ctx, bodyAttr(n, 'then_branch'), []);
      const b = bodyOutputInfos(ctx, bodyAttr(n, 'else_branch'), []);
      return n.outputs.map((_, k) => need(n, k, a[k] ?? b[k]));
    },
  },
  Loop: {
    infer: (n, ctx) => {
      const ins = loopBodyInputInfos(n, ctx);
      const nCarried = ins.length - 2;
      const outs = bodyOutputInfos(ctx, bodyAttr(n, 'body'), ins);
      const trips = loopTrips(n, ctx);
      return n.outputs.map((_, k) => {
        if (k < nCarried) return ins[2 + k]!;
        const i = need(n, k, outs[1 + k]);
        return { elemType: i.elemType, shape: [trips, ...i.shape] };
      });
    },
  },
  Scan: {
    infer: (n, ctx) => {
      const { nState, inAxes, outAxes } = scanAttrs(n, ctx);
      const ins = scanBodyInputInfos(n, ctx);
      const outs = bodyOutputInfos(ctx, bodyAttr(n, 'body'), ins);
      const first = n.explicitInputs[nState];
      const len: Dim = first ? ctx.info(first).shape[inAxes[0]!]! : 0;
      return n.outputs.map((_, k) => {
        if (k < nState) return ins[k]!;
        const i = need(n, k, outs[k]);
        const shape = [...i.shape];
        shape.splice(normAxis(outAxes[k - nState]!, shape.length + 1), 0, len);
        return { elemType: i.elemType, shape };
      });
    },
  },
};

/** Refuses carried state whose static shape changes across iterations (it is recorded by stacking). */
export function checkCarriedShapes(
  ctx: InferContext, body: GraphProto, inputInfos: TensorInfo[], stateIn: (j: number) => number, stateOut: (j: number) => number,
  nState: number, fail: (detail: string) => never,
): void {
  const outs = bodyOutputInfos(ctx, body, inputInfos);
  for (let j = 0; j < nState; j++) {
    const a = inputInfos[stateIn(j)]!;
    const b = outs[stateOut(j)];
    if (!b) fail(`the type of its body's state output ${j} is unknown`);
    const static2 = a.shape.every((d) => typeof d === 'number') && b!.shape.every((d) => typeof d === 'number');
    if (a.shape.length !== b!.shape.length || (static2 && a.shape.some((d, k) => d !== b!.shape[k])))
      fail(`its state ${j} changes shape across iterations ([${a.shape.join(', ')}] -> [${b!.shape.join(', ')}]); reverse mode records the state per iteration and needs a fixed shape`);
  }
}
