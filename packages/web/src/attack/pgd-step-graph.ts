/**
 * One step of the Linf projected gradient method (Madry, Makelov, Schmidt, Tsipras and Vladu,
 * "Towards Deep Learning Models Resistant to Adversarial Attacks", 2018) as a single ONNX graph,
 * so that an attack's iterate never leaves the device between steps:
 *
 *   x_{k+1} = clip_box(clip(x_k + alpha * sign(grad_x L(f(x_k), y)) - x_0, -eps, eps) + x_0)
 *
 * with L = +CE(y) (untargeted: ascend the label's cross-entropy) or -CE(y) (targeted: descend the
 * target's). The input gradient comes from `compile` of @axplain/onnx; its cotangent, the
 * derivative of L with respect to the logits, is computed in the graph: softmax(z) - y for +CE,
 * y - softmax(z) for -CE (y one-hot rows). Everything else is standard ops (Softmax, Sub,
 * Mul, Add, Neg, Greater, Less, Where: sign and clips without Sign/Max/Min, which the WebGPU EP
 * of onnxruntime-web 1.30 runs on the CPU).
 */
import { AxplainError } from '@axplain/core';
import { compile, decodeModel, DT, encodeModel, makeTensor, type ModelProto, type NodeProto, valueInfo } from '@axplain/onnx';

/** A model the step graph cannot be built for, or a bad request to build one. */
export class StepGraphError extends AxplainError {
  constructor(message: string) { super(message, 'STEP_GRAPH'); }
}

export interface PgdStepGraphOptions {
  /** The classifier's float input. @defaultValue the first graph input that is not an initializer */
  input?: string;
  /** Its logits output, [N, C], before any Softmax. @defaultValue the first graph output */
  output?: string;
  /** Descend the target's cross-entropy instead of ascending the label's. @defaultValue false */
  targeted?: boolean;
}

/** The step graph and the names it is fed and read with. */
export interface PgdStepGraph {
  bytes: Uint8Array;
  /** Inputs: the iterate x_k (the model's input shape), the start x_0 (same shape), one-hot `target` [N, C]. */
  x: string;
  x0: string;
  target: string;
  /** Scalar float inputs (shape []): step size, Linf budget, box bounds. */
  alpha: string;
  eps: string;
  lo: string;
  hi: string;
  /** The output x_{k+1}, shaped like x. */
  next: string;
  /** The model's input shape as declared (strings for symbolic dims). */
  inputShape: (number | string)[];
  /** Number of classes (the logits' last dim) when declared statically. */
  classes?: number;
}

const STEP = 'axplain_pgd_step';

function dims(v: { type?: { tensorType?: { shape?: { dim?: { dimValue?: unknown; dimParam?: string | null }[] | null } | null } | null } | null }): (number | string)[] {
  return (v.type?.tensorType?.shape?.dim ?? []).map((d, i) => (d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : d.dimParam || `d${i}`));
}

/**
 * Builds the PGD-Linf step graph of a classifier (ONNX bytes or a decoded model).
 * @example
 * const g = buildPgdStepGraph(bytes, { targeted: false });
 * // feed g.x, g.x0 (the input twice at first), g.target (one-hot), g.alpha, g.eps, g.lo, g.hi (scalars);
 * // read g.next and feed it back as g.x.
 */
export function buildPgdStepGraph(model: Uint8Array | ModelProto, options: PgdStepGraphOptions = {}): PgdStepGraph {
  const src = model instanceof Uint8Array ? decodeModel(model) : model;
  const gr = src.graph!;
  const inits = new Set((gr.initializer ?? []).map((t) => t.name));
  const input = options.input ?? (gr.input ?? []).find((i) => !inits.has(i.name!))?.name ?? undefined;
  const output = options.output ?? gr.output?.[0]?.name ?? undefined;
  const inInfo = (gr.input ?? []).find((i) => i.name === input);
  if (!input || !inInfo) throw new StepGraphError(`options.input: the model has no graph input '${input ?? ''}'; its inputs are ${(gr.input ?? []).map((i) => i.name).join(', ')}`);
  if (inInfo.type?.tensorType?.elemType !== DT.FLOAT) throw new StepGraphError(`input '${input}' is not float32; PGD needs a float input`);
  const outInfo = (gr.output ?? []).find((o) => o.name === output);
  if (!output || !outInfo) throw new StepGraphError(`options.output: the model has no graph output '${output ?? ''}'; its outputs are ${(gr.output ?? []).map((o) => o.name).join(', ')}`);
  const producer = (gr.node ?? []).find((n) => (n.output ?? []).includes(output));
  if (producer && ['Softmax', 'LogSoftmax'].includes(producer.opType ?? ''))
    throw new StepGraphError(`output '${output}' is made by ${producer.opType} node '${producer.name ?? ''}': the step graph needs the logits before it; pass options.output naming them (make them a graph output first)`);
  const outDims = dims(outInfo);
  if (outDims.length !== 2) throw new StepGraphError(`output '${output}' has ${outDims.length} dims; the step graph needs logits shaped [N, C]`);

  // Runs on WebGPU: only forms every execution provider implements.
  const res = compile(src, { wrt: [input], of: output, portable: true });
  const m = res.model, g = m.graph!;
  const grad = res.gradOutputs[0]!;
  const names = { x0: `${STEP}_x0`, target: `${STEP}_target`, alpha: `${STEP}_alpha`, eps: `${STEP}_eps`, lo: `${STEP}_lo`, hi: `${STEP}_hi`, next: `${STEP}_next` };
  const t = (s: string) => `${STEP}/${s}`;
  const node = (opType: string, ins: string[], out: string, attribute: NodeProto['attribute'] = []): NodeProto => ({ opType, input: ins, output: [out], name: t(out), attribute });
  /** min(max(v, lo), hi) as two Wheres (v's value kept exactly where it is inside). */
  const clip = (v: string, lo: string, hi: string, out: string): NodeProto[] => [
    node('Less', [v, lo], `${out}_below`), node('Where', [`${out}_below`, lo, v], `${out}_up`),
    node('Greater', [`${out}_up`, hi], `${out}_above`), node('Where', [`${out}_above`, hi, `${out}_up`], out),
  ];
  const targeted = options.targeted ?? false;
  const probs = t('probs');
  const nodes: NodeProto[] = [
    // dL/dz of +CE is softmax(z) - y; of -CE, y - softmax(z). It replaces the cotangent input.
    node('Softmax', [output], probs, [{ name: 'axis', type: 2 /* INT */, i: -1 }]),
    node('Sub', targeted ? [names.target, probs] : [probs, names.target], res.cotangentInput),
    // sign(g) and the clips as Greater/Less/Where: onnxruntime-web's WebGPU EP has no Sign, Max or
    // Min kernel for these, and a node on the CPU would read the iterate back inside every run.
    node('Greater', [grad, t('zero')], t('g_pos')),
    node('Less', [grad, t('zero')], t('g_neg')),
    node('Where', [t('g_neg'), t('minus_one'), t('zero')], t('dir_neg')),
    node('Where', [t('g_pos'), t('one'), t('dir_neg')], t('dir')),
    node('Mul', [t('dir'), names.alpha], t('move')),
    node('Add', [input, t('move')], t('cand')),
    node('Sub', [t('cand'), names.x0], t('delta')),
    node('Neg', [names.eps], t('neg_eps')),
    ...clip(t('delta'), t('neg_eps'), names.eps, t('delta_ball')),
    node('Add', [t('delta_ball'), names.x0], t('in_ball')),
    ...clip(t('in_ball'), names.lo, names.hi, names.next),
  ];
  g.node = [...(g.node ?? []), ...nodes];
  g.initializer = [...(g.initializer ?? []), makeTensor(t('zero'), DT.FLOAT, [], [0]), makeTensor(t('one'), DT.FLOAT, [], [1]), makeTensor(t('minus_one'), DT.FLOAT, [], [-1])];
  const xShape = dims(inInfo);
  g.input = [
    ...(g.input ?? []).filter((i) => i.name !== res.cotangentInput),
    valueInfo(names.x0, DT.FLOAT, xShape), valueInfo(names.target, DT.FLOAT, outDims),
    ...[names.alpha, names.eps, names.lo, names.hi].map((n) => valueInfo(n, DT.FLOAT, [])),
  ];
  g.output = [valueInfo(names.next, DT.FLOAT, xShape)];
  const classes = typeof outDims[1] === 'number' ? outDims[1] : undefined;
  return { bytes: encodeModel(m), x: input, ...names, inputShape: xShape, classes };
}
