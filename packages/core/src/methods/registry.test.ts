/**
 * The registry cannot silently change results: each method's registry run equals the direct call
 * of its core function bit for bit on a closed-form model; defaults pass their own validation;
 * bad values give the named error; progressSteps is the number of onStep calls made.
 */
import { describe, expect, it } from 'vitest';
import { fgsm } from '../attacks/fgsm.js';
import { pgd } from '../attacks/pgd.js';
import { gradientXInput } from '../attributions/gradient-x-input.js';
import { integratedGradients } from '../attributions/integrated-gradients.js';
import { saliency } from '../attributions/saliency.js';
import { smoothGrad } from '../attributions/smooth-grad.js';
import { axai } from '../explanations/axai/axai.js';
import { kernelShap } from '../explanations/black-box/kernel-shap.js';
import { lime } from '../explanations/black-box/lime.js';
import { occlusion } from '../explanations/black-box/occlusion.js';
import { adversarialGradientIntegration } from '../explanations/boundary/adversarial-gradient-integration.js';
import { boundaryIntegratedGradients } from '../explanations/boundary/boundary-integrated-gradients.js';
import { boundarySaliency } from '../explanations/boundary/boundary-saliency.js';
import { sparseCounterfactual } from '../explanations/counterfactual/sparse-counterfactual.js';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import { LinearModel } from '../testing/linear-model.js';
import { checkAttackRequest, normOf, resolveAttackNorm, runAttack, successWithin } from './attack-runner.js';
import { AttackRequestError } from './attack-types.js';
import { inputBox } from './input-box.js';
import { optionList } from './options.js';
import { ATTACK_METHODS, attackMethod, EXPLANATION_METHOD_NAMES, EXPLANATION_METHODS, explanationMethod } from './registry.js';

const model = new LinearModel([1, 8, 8], 3, new Rng(7).fillNormal(3 * 64));
const x: Tensor = { data: Float32Array.from(new Rng(3).fillNormal(64), (v) => 0.5 + 0.2 * Math.tanh(v)), shape: [1, 1, 8, 8] };
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a)).toEqual(Array.from(b));

/** The direct core call each registry entry must reproduce, at the registry's defaults. */
const DIRECT: Record<string, () => Promise<{ attribution: Tensor; targets: Int32Array }>> = {
  saliency: () => saliency(model, x),
  gradxinput: () => gradientXInput(model, x),
  ig: () => integratedGradients(model, x),
  smoothgrad: () => smoothGrad(model, x),
  bsm: () => boundarySaliency(model, x),
  big: () => boundaryIntegratedGradients(model, x),
  agi: () => adversarialGradientIntegration(model, x),
  axai: async () => {
    const r = await axai(model, x);
    const e = r.explanations[0]!;
    return { attribution: { data: Float32Array.from(e.mask, (m, p) => (m ? e.density[e.segmentation.labels[p]!]! : 0)), shape: [1, 1, 8, 8] }, targets: Int32Array.of(e.label) };
  },
  fw: async () => { const r = await sparseCounterfactual(model, x); return { attribution: r.perturbation, targets: r.targets }; },
  lime: () => lime(model, x),
  kernelshap: () => kernelShap(model, x),
  occlusion: () => occlusion(model, x),
};

describe('explanation registry', () => {
  it('lists every method once, each with a paper and one-line description', () => {
    expect(EXPLANATION_METHOD_NAMES).toEqual(['saliency', 'gradxinput', 'ig', 'smoothgrad', 'bsm', 'big', 'agi', 'axai', 'fw', 'lime', 'kernelshap', 'occlusion']);
    for (const m of EXPLANATION_METHODS) {
      expect(m.paper.year).toBeGreaterThan(2000);
      expect(m.about).not.toMatch(/\n/);
    }
  });

  it('unknown names give the choices', () => {
    expect(() => explanationMethod('lrp')).toThrow("method: unknown method 'lrp'; choose one of saliency, gradxinput, ig");
    expect(() => attackMethod('boundary')).toThrow("attack: unknown attack 'boundary'; choose one of fgsm, pgd, apgd-ce, apgd-dlr, cw, deepfool, jsma, fw, fmn");
  });

  for (const m of EXPLANATION_METHODS)
    describe(m.name, () => {
      it('defaults pass its own validation', () => {
        for (const spec of optionList(m.options)) expect(spec.check(spec.default)).toEqual(spec.default);
        expect(() => m.resolve({})).not.toThrow();
      });

      it('a bad option value gives the named error', () => {
        for (const spec of optionList(m.options)) {
          const bad = spec.kind === 'choice' ? 'nope' : -1.5;
          expect(() => m.resolve({ [spec.name]: bad })).toThrow(new RegExp(`^${spec.name}: `));
        }
      });

      it('the registry run equals the direct core call bit for bit, and progressSteps counts the onStep calls', async () => {
        const calls: number[] = [];
        const r = await m.explain(model, x, {}, { onStep: (done) => calls.push(done) });
        const direct = await DIRECT[m.name]!();
        same(r.attribution.data, direct.attribution.data);
        expect(r.attribution.shape).toEqual(direct.attribution.shape);
        same(r.targets, direct.targets);
        expect(r.summary.kind).toBe(m.name);
        const expected = m.progressSteps(m.resolve({}) as never, 1);
        // undefined: progress whose total is known while running; the run must then report some.
        if (expected === undefined) expect(calls.length).toBeGreaterThan(0);
        else expect(calls.length).toBe(expected);
      });
    });

  it('a wrong progress count or a changed result would be caught', async () => {
    const ig = explanationMethod('ig');
    const calls: number[] = [];
    const r = await ig.explain(model, x, { steps: 65 }, { onStep: (d) => calls.push(d) });
    expect(calls.length).toBe(2);
    expect(ig.progressSteps(ig.resolve({ steps: 65 }) as never)).toBe(2);
    expect(ig.progressSteps(ig.resolve({ steps: 64 }) as never)).not.toBe(2);
    // IG is exact on an affine model whatever the steps: another class is what must differ.
    const other = await integratedGradients(model, x, { steps: 65, target: (r.targets[0]! + 1) % 3 });
    expect(Array.from(other.attribution.data)).not.toEqual(Array.from(r.attribution.data));
  });

  it('IG summary carries the completeness check of the direct call', async () => {
    const r = await explanationMethod('ig').explain(model, x, { steps: 16, target: 2 });
    const d = await integratedGradients(model, x, { steps: 16, target: 2 });
    if (r.summary.kind !== 'ig') throw new Error('expected an IG summary');
    same(r.summary.completenessGap, d.delta);
    same(r.summary.inputScore, d.inputScores);
    expect(r.summary.steps).toBe(16);
  });
});

describe('attack registry', () => {
  it('norms, budget kind and target rule of each attack', () => {
    expect(ATTACK_METHODS.map((a) => a.name)).toEqual(['fgsm', 'pgd', 'apgd-ce', 'apgd-dlr', 'cw', 'deepfool', 'jsma', 'fw', 'fmn']);
    expect(resolveAttackNorm('cw', undefined)).toBe('l2');
    expect(() => resolveAttackNorm('cw', 'linf')).toThrow('norm: cw does not run in linf; cw takes l2');
    expect(() => resolveAttackNorm('pgd', 'l7')).toThrow("norm: unknown norm 'l7'; pgd takes linf, l2 or l1");
  });

  it('request checks name the field at fault', () => {
    const bad: [Parameters<typeof checkAttackRequest>[0], string][] = [
      [{ attack: 'apgd-ce', norm: 'linf', seed: 0 }, 'eps'],
      [{ attack: 'jsma', norm: 'l0', seed: 0 }, 'target'],
      [{ attack: 'deepfool', norm: 'l2', target: 2, seed: 0 }, 'target'],
      [{ attack: 'fgsm', norm: 'linf', eps: 0.1, steps: 5, seed: 0 }, 'steps'],
      [{ attack: 'cw', norm: 'l2', restarts: 3, seed: 0 }, 'restarts'],
    ];
    for (const [request, option] of bad) {
      const e = (() => { try { checkAttackRequest(request); } catch (err) { return err; } })();
      expect(e).toBeInstanceOf(AttackRequestError);
      expect((e as AttackRequestError).option).toBe(option);
    }
    expect(() => checkAttackRequest({ attack: 'pgd', norm: 'linf', eps: 0.1, seed: 0 })).not.toThrow();
  });

  it('runAttack equals the direct core call, reports its options and counts restarts on', async () => {
    const steps: number[] = [];
    const run = await runAttack(model, x, { attack: 'pgd', norm: 'l2', eps: 0.5, steps: 5, restarts: 2, seed: 3 }, { onStep: (d) => steps.push(d) });
    const direct = await pgd(model, x, { norm: 'l2', eps: 0.5, steps: 5, restarts: 2, seed: 3, target: 'predicted', targeted: false });
    same(run.result.adversarial.data, direct.adversarial.data);
    expect(run.options).toEqual({ targeted: false, seed: 3, norm: 'l2', eps: 0.5, steps: 5, restarts: 2 });
    expect(steps.at(-1)).toBeLessThanOrEqual(10);
    const f = await runAttack(model, x, { attack: 'fgsm', norm: 'linf', eps: 0.05, seed: 0 });
    same(f.result.adversarial.data, (await fgsm(model, x, { eps: 0.05, norm: 'linf' })).adversarial.data);
    expect(normOf(f.result, 'linf', 0)).toBeLessThanOrEqual(0.05 * (1 + 1e-6));
    expect(successWithin(f.result, 'linf', 0, 1e-9)).toBe(false);
  });

  it('inputBox: [0, 1] for plain pixels, per channel for normalised NCHW', () => {
    const grey = inputBox({ width: 8, height: 8, channels: 'grey' });
    expect([grey.lo === 0, grey.hi]).toEqual([true, 1]);
    const box = inputBox({ width: 8, height: 8, channels: 'rgb', mean: [0.5, 0.5, 0.4], std: [0.5, 0.5, 0.2] });
    expect(box.lo).toEqual([-1, -1, -2]);
  });
});
