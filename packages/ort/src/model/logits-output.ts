/**
 * Which tensor holds the logits. Explanations and attacks need logits (losses are cotangents on
 * them), so a model that ends in Softmax or Sigmoid is read at its input by default (a saturated
 * sigmoid rounds to exactly 1.0 in float32 and its gradient to exactly 0, while the logit before
 * it keeps a useful gradient), and any
 * intermediate tensor may be named as the output: it becomes a graph output of the copy that is
 * compiled and run.
 */
import { DT, Graph, type ModelProto, valueInfo } from '@axplain/onnx';

export interface LogitsChoice {
  /** The output to use (undefined: leave the choice to resolveSignature). */
  output?: string;
  /** The model was changed (an intermediate tensor became a graph output). */
  promoted: boolean;
  /** Why the output differs from the graph's first output, for users to read. */
  note?: string;
}

/** Final ops read at their input: they squash logits into probabilities. */
const FINAL_SQUASH: readonly string[] = ['Softmax', 'Sigmoid'];

export function chooseLogits(model: ModelProto, requested: string | undefined, options: { readBeforeSoftmax?: boolean } = {}): LogitsChoice {
  const graph = model.graph!;
  const outputs = graph.output ?? [];
  const isOutput = (n: string) => outputs.some((o) => o.name === n);
  let name = requested;
  let note: string | undefined;
  if (name === undefined) {
    const first = outputs.find((o) => (o.type?.tensorType?.elemType ?? 0) === DT.FLOAT) ?? outputs[0];
    const producer = first && (graph.node ?? []).find((n) => (n.output ?? []).includes(first.name!));
    if (options.readBeforeSoftmax === false || !first || !producer || !FINAL_SQUASH.includes(producer.opType ?? '') || (producer.domain ?? '') !== '') return { promoted: false };
    name = producer.input![0]!;
    const why = producer.opType === 'Sigmoid' ? ' (a saturated sigmoid has exactly zero gradient in float32; its input does not)' : '';
    note = `the model ends in ${producer.opType} ('${first.name}'); its input '${name}' is used as the logits${why} (pass output: '${first.name}' to explain probabilities)`;
  }
  if (isOutput(name)) return { output: name, promoted: false, note };
  const info = new Graph(model).tryInfo(name);
  // Unknown names fall through to resolveSignature, which lists the outputs.
  if (!info || !(graph.node ?? []).some((n) => (n.output ?? []).includes(name!))) return { output: name, promoted: false, note };
  graph.output = [...outputs, valueInfo(name, info.elemType, info.shape)];
  return { output: name, promoted: true, note: note ?? `intermediate tensor '${name}' is used as the logits` };
}
