/**
 * A small builder for ONNX models in TypeScript: single-op test models, architecture specs,
 * loss graphs. Output types come from axplain's own shape inference.
 * @example
 * ```ts
 * const b = new ModelBuilder({ opset: 13 });
 * const x = b.input('x', [1, 4]);
 * const w = b.initializer('w', [4, 3], new Float32Array(12).fill(0.1));
 * b.output(b.node('MatMul', [x, w]));
 * const model = b.build();
 * ```
 */
import type { Dim } from './dims.js';
import type { Attrs } from './emit/emitter.js';
import { Graph } from './graph.js';
import { DT, makeAttr, makeTensor, onnx, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from './proto.js';

export interface ModelBuilderOptions {
  /** Default-domain opset. @defaultValue 17 */
  opset?: number;
  /** IR version. @defaultValue 8 (7 for opset < 13, 3 for opset < 9 when `oldIr`) */
  irVersion?: number;
}

export class ModelBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: string[] = [];
  private readonly inits: TensorProto[] = [];
  private n = 0;
  private readonly domains = new Set<string>();
  readonly opset: number;
  private readonly irVersion: number;

  constructor(options: ModelBuilderOptions = {}) {
    this.opset = options.opset ?? 17;
    this.irVersion = options.irVersion ?? (this.opset >= 13 ? 8 : this.opset >= 9 ? 6 : 3);
  }

  input(name: string, shape: readonly Dim[], elemType: number = DT.FLOAT): string {
    this.inputs.push(valueInfo(name, elemType, shape));
    return name;
  }
  initializer(name: string, dims: readonly number[], values: ArrayLike<number>, elemType: number = DT.FLOAT): string {
    this.inits.push(makeTensor(name, elemType, dims, values));
    return name;
  }
  /** Adds a node; returns its output names (`nOut` of them). */
  node(opType: string, inputs: (string | undefined)[], attrs: Attrs = {}, nOut = 1): string {
    return this.nodeN(opType, inputs, attrs, nOut)[0]!;
  }
  nodeN(opType: string, inputs: (string | undefined)[], attrs: Attrs = {}, nOut = 1): string[] {
    const k = this.n++;
    const output = Array.from({ length: nOut }, (_, i) => `${opType.toLowerCase()}_${k}${nOut > 1 ? `_${i}` : ''}`);
    const attribute = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([a, v]) => makeAttr(a, v!));
    this.nodes.push({ opType, name: `${opType}_${k}`, input: inputs.map((i) => i ?? ''), output, attribute });
    return output;
  }
  /** Adds a node of another domain (e.g. 'com.microsoft', imported at version 1); returns its output. */
  nodeIn(domain: string, opType: string, inputs: (string | undefined)[], attrs: Attrs = {}): string {
    const out = this.node(opType, inputs, attrs);
    this.nodes[this.nodes.length - 1]!.domain = domain;
    this.domains.add(domain);
    return out;
  }
  output(name: string): void { this.outputs.push(name); }

  build(): ModelProto {
    const model = onnx.ModelProto.create({
      irVersion: this.irVersion,
      producerName: 'axplain',
      opsetImport: [{ domain: '', version: this.opset }, ...[...this.domains].map((domain) => ({ domain, version: 1 }))],
      graph: { name: 'axplain', node: this.nodes, input: this.inputs, initializer: this.inits, output: [] },
    });
    const g = new Graph(model);
    model.graph!.output = this.outputs.map((o) => {
      const i = g.info(o);
      return valueInfo(o, i.elemType, i.shape);
    });
    return model;
  }
}

export function valueInfo(name: string, elemType: number, shape: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}
