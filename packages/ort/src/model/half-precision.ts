/**
 * Half-precision models behind a float32 interface: a float16 input gets a Cast from a float32
 * graph input of the same name, and float16 logits a Cast to float32. The model computes in
 * float16 as exported (its gradient graph too); the adapter feeds and reads float32 only.
 */
import { DT, Graph, type ModelProto, type NodeProto, valueInfo } from '@axplain/onnx';

export interface HalfPrecisionWrap {
  /** The logits tensor to use after wrapping (a float32 Cast of float16 logits). */
  output: string | undefined;
  changed: boolean;
}

const elemOf = (m: ModelProto, name: string): number | undefined =>
  [...(m.graph!.input ?? []), ...(m.graph!.output ?? []), ...(m.graph!.valueInfo ?? [])].find((v) => v.name === name)?.type?.tensorType?.elemType ?? undefined;

/** Rewrites `model` in place when its input or logits are float16. */
export function wrapHalfPrecision(model: ModelProto, input: string | undefined, output: string | undefined): HalfPrecisionWrap {
  const graph = model.graph!;
  const inits = new Set((graph.initializer ?? []).map((t) => t.name));
  let changed = false;
  const x = input ?? (graph.input ?? []).find((i) => !inits.has(i.name))?.name ?? undefined;
  const xv = (graph.input ?? []).find((i) => i.name === x);
  if (xv && xv.type?.tensorType?.elemType === DT.FLOAT16) {
    const inner = `${x}__float16`;
    for (const n of graph.node ?? []) n.input = (n.input ?? []).map((i) => (i === x ? inner : i));
    for (const o of graph.output ?? []) if (o.name === x) o.name = inner;
    xv.type!.tensorType!.elemType = DT.FLOAT;
    const cast: NodeProto = { opType: 'Cast', input: [x!], output: [inner], name: `axplain_half/${inner}`, attribute: [{ name: 'to', type: 2, i: DT.FLOAT16 }] };
    graph.node = [cast, ...(graph.node ?? [])];
    changed = true;
  }
  let out = output;
  if (out !== undefined || (graph.output ?? []).length) {
    const name = out ?? graph.output![0]!.name!;
    const type = elemOf(model, name) ?? new Graph(model).tryInfo(name)?.elemType;
    if (type === DT.FLOAT16) {
      const f32 = `${name}__float32`;
      graph.node = [...(graph.node ?? []), { opType: 'Cast', input: [name], output: [f32], name: `axplain_half/${f32}`, attribute: [{ name: 'to', type: 2, i: DT.FLOAT }] }];
      const shape = new Graph(model).tryInfo(name)?.shape;
      graph.output = [...(graph.output ?? []), shape ? valueInfo(f32, DT.FLOAT, shape) : { name: f32, type: { tensorType: { elemType: DT.FLOAT } } }];
      out = f32;
      changed = true;
    }
  }
  return { output: out, changed };
}
