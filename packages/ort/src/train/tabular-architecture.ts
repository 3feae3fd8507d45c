/**
 * A small classifier of feature rows as an inference ONNX model: raw features -> (x - mean) / std
 * (constants: the model takes values in their own units, and gradients are per unit of each
 * feature) -> Flatten -> MLP -> `logits`. For `train`, the input is declared [N, 1, 1, F] (the
 * trainer's [C, H, W] samples); `asRowInput` re-declares it [N, F] for users (Sub, Div and
 * Flatten read both the same way).
 */
import { Rng } from '@axplain/core';
import { ModelBuilder, type ModelProto, valueInfo } from '@axplain/onnx';
import { emitArchitecture, renameTensor } from './architectures.js';

export interface TabularClassifierSpec {
  /** Per-feature mean and standard deviation (of the training rows). */
  mean: readonly number[];
  std: readonly number[];
  classes: number;
  /** @defaultValue [16] */
  hidden?: readonly number[];
  /** @defaultValue 0 */
  seed?: number;
}

/**
 * Returns the model and the names of its trainable parameters (the normalisation constants are not).
 * @example const { model, params } = buildTabularClassifier({ mean, std, classes: 3 });
 */
export function buildTabularClassifier(spec: TabularClassifierSpec): { model: ModelProto; params: string[]; description: string } {
  const f = spec.mean.length;
  if (f === 0 || spec.std.length !== f) throw new RangeError(`mean and std: expected one value per feature (${f} and ${spec.std.length} given)`);
  spec.std.forEach((s, i) => { if (!(s > 0)) throw new RangeError(`std[${i}]: must be > 0, got ${s}`); });
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('input', ['N', 1, 1, f]);
  const z = b.node('Div', [b.node('Sub', [x, b.initializer('feature_mean', [f], spec.mean)]), b.initializer('feature_std', [f], spec.std)]);
  const net = emitArchitecture(b, z, { kind: 'mlp', hidden: spec.hidden ?? [16] }, { inputShape: [1, 1, f], classes: spec.classes, rng: new Rng(spec.seed ?? 0) });
  b.output(net.logits);
  const model = b.build();
  renameTensor(model, net.logits, 'logits');
  const description = `(x - mean) / std -> ${net.description}`;
  model.docString = description;
  return { model, params: net.params, description };
}

/** The same model with its input declared [N, F] (in place; returns it). */
export function asRowInput(model: ModelProto): ModelProto {
  const gr = model.graph!;
  const input = gr.input![0]!;
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  const f = Number(dims.at(-1)?.dimValue);
  gr.input = [valueInfo(input.name!, input.type!.tensorType!.elemType!, ['N', f]), ...gr.input!.slice(1)];
  return model;
}
