/**
 * Indexed view of a model's main graph: producers, initializers, tensor infos (shape inference)
 * and compile-time values (constant folding). Nodes emitted later are added through `addNode`,
 * which runs the same inference, so gradient rules can ask for the shape of anything.
 */
import { type ConstValue, MAX_FOLD_ELEMENTS } from './const-value.js';
import { type Dim, numel, type TensorInfo } from './dims.js';
import { ShapeInferenceError } from './errors.js';
import { DOMAIN_INFER, INFER } from './infer/register-all.js';
import type { InferContext } from './infer/types.js';
import { Node } from './node.js';
import {
  defaultOpset, type ModelProto, type NodeProto, type TensorProto, tensorValues, toNum, type ValueInfoProto,
} from './proto.js';

export function infoFromValueInfo(v: ValueInfoProto): TensorInfo | undefined {
  const tt = v.type?.tensorType;
  if (!tt || !tt.shape) return undefined;
  const shape: Dim[] = (tt.shape.dim ?? []).map((d, i) =>
    d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null && toNum(d.dimValue) > 0 ? toNum(d.dimValue) : `${v.name}_d${i}`,
  );
  return { elemType: tt.elemType ?? 0, shape };
}

export class Graph implements InferContext {
  readonly opset: number;
  readonly nodes: Node[];
  readonly initializers = new Map<string, TensorProto>();
  readonly producer = new Map<string, Node>();
  private readonly infos = new Map<string, TensorInfo>();
  private readonly values = new Map<string, ConstValue>();
  /** Why a tensor's info is missing (for error messages). */
  private readonly missing = new Map<string, string>();
  private counter = 0;
  private readonly usedNames = new Set<string>();

  constructor(readonly model: ModelProto) {
    const g = model.graph!;
    this.opset = defaultOpset(model);
    for (const t of g.initializer ?? []) {
      this.initializers.set(t.name!, t);
      this.infos.set(t.name!, { elemType: t.dataType ?? 0, shape: (t.dims ?? []).map(toNum) });
      this.usedNames.add(t.name!);
    }
    for (const v of [...(g.input ?? []), ...(g.valueInfo ?? []), ...(g.output ?? [])]) {
      this.usedNames.add(v.name!);
      if (this.infos.has(v.name!)) continue;
      const info = infoFromValueInfo(v);
      if (info) this.infos.set(v.name!, info);
    }
    const declared = new Set(this.infos.keys());
    this.nodes = (g.node ?? []).map((p, i) => new Node(p, i));
    for (const n of this.nodes) {
      for (const o of n.outputs) if (o) { this.producer.set(o, n); this.usedNames.add(o); }
      if (n.name) this.usedNames.add(n.name);
      this.runInference(n, declared);
    }
  }

  /** Runs shape inference and folding for a node; declared infos (value_info) win when inference fails. */
  runInference(n: Node, declared: ReadonlySet<string> = new Set()): void {
    const rule = n.domain === '' || n.domain === 'ai.onnx' ? INFER[n.opType] : DOMAIN_INFER[n.domain]?.[n.opType];
    if (!rule) {
      for (const o of n.outputs) if (o && !this.infos.has(o)) this.missing.set(o, `${n.describe()} has no shape inference in axplain`);
      return;
    }
    try {
      const infos = rule.infer(n, this);
      n.outputs.forEach((o, k) => {
        if (o && infos[k] && !(declared.has(o) && hasSymbols(infos[k]!.shape) && !hasSymbols(this.infos.get(o)!.shape)))
          this.infos.set(o, infos[k]!);
      });
    } catch (e) {
      if (n.index < 0) throw e;
      for (const o of n.outputs) if (o && !this.infos.has(o)) this.missing.set(o, `${n.describe()}: ${(e as Error).message}`);
    }
    if (rule.fold) {
      try {
        const vals = rule.fold(n, this);
        vals?.forEach((v, k) => {
          const o = n.outputs[k];
          if (o && v && v.data.length <= MAX_FOLD_ELEMENTS) this.values.set(o, v);
        });
      } catch { /* folding is best effort */ }
    }
  }

  tryInfo(name: string): TensorInfo | undefined { return this.infos.get(name); }

  info(name: string): TensorInfo {
    const i = this.infos.get(name);
    if (i) return i;
    throw new ShapeInferenceError(name, this.missing.get(name) ?? 'shape and type are unknown (not produced by any node, input or initializer)');
  }

  setInfo(name: string, info: TensorInfo): void { this.infos.set(name, info); }

  value(name: string): ConstValue | undefined {
    const v = this.values.get(name);
    if (v) return v;
    const t = this.initializers.get(name);
    if (t) {
      const dims = (t.dims ?? []).map(toNum);
      if (numel(dims) > MAX_FOLD_ELEMENTS) return undefined;
      const cv: ConstValue = { elemType: t.dataType ?? 0, dims, data: tensorValues(t) };
      this.values.set(name, cv);
      return cv;
    }
    return undefined;
  }

  /**
   * The initializer `name` when its value is fixed: an initializer that is not also a graph input
   * (from IR version 4 a graph input with a default can be fed another value at run time; before
   * it every initializer had to be listed as an input and is a constant, as onnxruntime reads it).
   */
  constantInitializer(name: string): TensorProto | undefined {
    const t = this.initializers.get(name);
    if (!t || (overridableInitializers(this.model) && (this.model.graph!.input ?? []).some((i) => i.name === name))) return undefined;
    return t;
  }

  /** A tensor name not used anywhere in the model. */
  fresh(hint: string): string {
    let name: string;
    do name = `${hint}__${this.counter++}`; while (this.usedNames.has(name));
    this.usedNames.add(name);
    return name;
  }

  /** `name` itself when unused (the contract's names), else `name_1`, `name_2`... (second-order compiles). */
  freshExact(name: string): string {
    let out = name;
    for (let k = 1; this.usedNames.has(out); k++) out = `${name}_${k}`;
    this.usedNames.add(out);
    return out;
  }

  /** Registers an emitted node (index -1), infers its outputs' infos and values. */
  addNode(p: NodeProto): Node {
    const n = new Node(p, -1);
    for (const o of n.outputs) if (o) this.producer.set(o, n);
    this.runInference(n);
    return n;
  }

  addInitializer(t: TensorProto): void {
    this.initializers.set(t.name!, t);
    this.infos.set(t.name!, { elemType: t.dataType ?? 0, shape: (t.dims ?? []).map(toNum) });
  }
}

const hasSymbols = (s: readonly Dim[]): boolean => s.some((d) => typeof d === 'string');

/**
 * Whether a graph input can override the initializer of the same name: from IR version 4 (before
 * it every initializer was listed as an input and is a constant; onnxruntime's
 * Graph::CanOverrideInitializer is the same test).
 */
export function overridableInitializers(model: ModelProto): boolean {
  return Number(model.irVersion ?? 0) >= 4;
}
