/** A read-only view over a NodeProto with typed attribute access. */
import { hasSubgraphs, nodeCaptures } from './control-flow/subgraph.js';
import {
  attrFloat, attrFloats, attrInt, attrInts, attrString, attrTensor,
  type NodeProto, type TensorProto,
} from './proto.js';

export class Node {
  constructor(
    readonly proto: NodeProto,
    /** Position in the graph's node list (emitted nodes get -1). */
    readonly index: number,
  ) {}
  get opType(): string { return this.proto.opType ?? ''; }
  get name(): string { return this.proto.name ?? ''; }
  get domain(): string { return this.proto.domain ?? ''; }
  /**
   * Input names. For control-flow nodes (If, Loop, Scan) the explicit inputs are followed by the
   * outer-scope tensors their subgraphs read: those are edges of the dataflow graph too.
   */
  get inputs(): string[] {
    if (!hasSubgraphs(this.proto)) return this.proto.input ?? [];
    this.withCaptures ??= [...(this.proto.input ?? []), ...nodeCaptures(this.proto)];
    return this.withCaptures;
  }
  private withCaptures?: string[];
  /** The node's own inputs, without the outer-scope tensors its subgraphs read. */
  get explicitInputs(): string[] { return this.proto.input ?? []; }
  get outputs(): string[] { return this.proto.output ?? []; }
  /** Input name k, or undefined when absent or given as the empty string (optional input). */
  input(k: number): string | undefined {
    const n = this.inputs[k];
    return n ? n : undefined;
  }
  output(k: number): string | undefined {
    const n = this.outputs[k];
    return n ? n : undefined;
  }
  int(name: string, dflt: number): number;
  int(name: string): number | undefined;
  int(name: string, dflt?: number): number | undefined { return attrInt(this.proto, name, dflt as number); }
  float(name: string, dflt: number): number;
  float(name: string): number | undefined;
  float(name: string, dflt?: number): number | undefined { return attrFloat(this.proto, name, dflt as number); }
  ints(name: string): number[] | undefined { return attrInts(this.proto, name); }
  floats(name: string): number[] | undefined { return attrFloats(this.proto, name); }
  str(name: string, dflt: string): string;
  str(name: string): string | undefined;
  str(name: string, dflt?: string): string | undefined { return attrString(this.proto, name, dflt as string); }
  tensor(name: string): TensorProto | undefined { return attrTensor(this.proto, name); }
  has(name: string): boolean { return (this.proto.attribute ?? []).some((a) => a.name === name); }
  /** Human-readable identification for error messages. */
  describe(): string {
    return `node #${this.index} '${this.name || '(unnamed)'}' (${this.opType})`;
  }
}
