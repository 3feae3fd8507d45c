/**
 * The demo's methods, straight from core's registry: every explanation method and every attack
 * (attacks as `attack:<name>`, or by their bare name where no explanation method has it), run
 * with the page's options, returning the numbers and the picture to draw.
 */
import {
  adversarialPanel, ATTACK_METHODS, attackMethod, type AttackMethod, type AttackRequest, checkAttackRequest, EXPLANATION_METHOD_NAMES,
  EXPLANATION_METHODS, explanationMethod, type ExplanationMethod, type GradientModel, inputBox, type PreprocessSpec, renderAttribution,
  resolveAttackNorm, type RgbaImage, runAttack, type Tensor, ATTACK_NAMES, AxplainError, argmax,
} from '@axplain/core';

export type MethodChoice = { kind: 'explanation'; method: ExplanationMethod } | { kind: 'attack'; method: AttackMethod };

/** The `<select>` entries: value, label, group. */
export function methodEntries(): { value: string; label: string; group: 'Explanations' | 'Attacks' }[] {
  return [
    ...EXPLANATION_METHODS.map((m) => ({ value: m.name, label: `${m.name}: ${m.about}`, group: 'Explanations' as const })),
    ...ATTACK_METHODS.map((m) => ({ value: `attack:${m.name}`, label: `${m.name}: ${m.about}`, group: 'Attacks' as const })),
  ];
}

/** A method by its page name; an unknown one is an error listing the names. */
export function methodChoice(name: string): MethodChoice {
  if (name.startsWith('attack:')) return { kind: 'attack', method: attackMethod(name.slice(7)) };
  if ((EXPLANATION_METHOD_NAMES as readonly string[]).includes(name)) return { kind: 'explanation', method: explanationMethod(name) };
  if ((ATTACK_NAMES as readonly string[]).includes(name)) return { kind: 'attack', method: attackMethod(name) };
  throw new AxplainError(`method: unknown method '${name}'; choose one of ${EXPLANATION_METHOD_NAMES.join(', ')}, or an attack: ${ATTACK_NAMES.join(', ')}`, 'DEMO_METHOD');
}

export interface RunSettings {
  target: number | 'predicted';
  steps?: number;
  eps?: number;
  seed: number;
}

export interface MethodOutcome {
  /** The attribution map (attacks: adversarial - input), the input's size. */
  attribution: Tensor;
  /** The class explained or attacked towards / away from. */
  explained: number;
  picture: RgbaImage;
  /** Findings in words. */
  lines: string[];
}

/** Runs a method on one preprocessed input `x` (from `image` by `spec`). */
export async function runMethod(
  model: GradientModel, x: Tensor, image: RgbaImage, spec: PreprocessSpec, choice: MethodChoice, s: RunSettings,
  context: { signal?: AbortSignal; onStep?: (done: number, total: number) => void },
): Promise<MethodOutcome> {
  // Searches (boundary points, AXAI, counterfactuals, attacks) stay among inputs the preprocessing can produce.
  const box = inputBox(spec);
  if (choice.kind === 'explanation') {
    const m = choice.method;
    const raw = { target: s.target, steps: s.steps, samples: s.steps, seed: s.seed, eps: s.eps };
    const run = await m.explain(model, x, raw, { ...context, box });
    const explained = run.targets[0]!;
    const signed = m.family === 'counterfactual';
    const picture = renderAttribution({
      attribution: run.attribution, input: image, spec, mode: 'side-by-side', sign: signed ? 'signed' : 'absolute', reduce: signed ? 'sum' : 'abs-sum',
      titles: ['input', `${m.name} (class ${explained})`, 'overlay'],
    });
    return { attribution: run.attribution, explained, picture, lines: summaryLines(run.summary) };
  }
  const a = choice.method;
  const request: AttackRequest = {
    attack: a.name, norm: resolveAttackNorm(a.name, undefined), seed: s.seed, steps: a.steps ? s.steps : undefined,
    eps: s.eps ?? (a.kind === 'budget' ? 0.1 : undefined), target: a.target !== 'never' && typeof s.target === 'number' ? s.target : undefined,
  };
  checkAttackRequest(request);
  const { result } = await runAttack(model, x, request, { ...context, box });
  const delta = Float32Array.from(result.adversarial.data, (v, i) => v - x.data[i]!);
  const { image: picture, amplification } = adversarialPanel({ clean: x, adversarial: result.adversarial, spec });
  const now = argmax(result.logits.data, 0, model.classes);
  const lines = [
    `${a.name} (${request.norm}${request.eps !== undefined ? `, eps ${request.eps}` : ''}): ${result.success[0] ? 'succeeded' : 'failed'}; the model now says ${now}`,
    `difference amplified x${amplification.toPrecision(3)}`,
  ];
  return { attribution: { data: delta, shape: [...x.shape] }, explained: result.labels[0]!, picture, lines };
}

/** A typed summary in a few words: its scalar fields. */
function summaryLines(summary: object): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(summary)) {
    if (k === 'kind') continue;
    const show = (e: unknown) => (typeof e === 'number' ? String(Number(e.toPrecision(4))) : String(e));
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out.push(`${k}: ${show(v)}`);
    else if (Array.isArray(v) && v.length <= 10 && v.every((e) => typeof e !== 'object')) out.push(`${k}: ${v.map(show).join(', ')}`);
  }
  return out;
}
