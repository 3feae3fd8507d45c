/**
 * The minimal-perturbation attacks in the registry (Carlini-Wagner, DeepFool, JSMA, FMN): they
 * look for the smallest perturbation; an eps, when given, is only the threshold a success must
 * stay within.
 */
import { carliniWagner } from '../attacks/cw.js';
import { deepFool } from '../attacks/deepfool.js';
import { fastMinimumNorm } from '../attacks/fmn.js';
import { jsma } from '../attacks/jsma.js';
import type { AttackDescriptor } from './attack-types.js';

export const carliniWagnerAttack: AttackDescriptor<'cw'> = {
  name: 'cw', about: 'Carlini-Wagner L2; steps per binary-search round',
  paper: { authors: 'Carlini, Wagner', title: 'Towards Evaluating the Robustness of Neural Networks', year: 2017 },
  norms: ['l2'], kind: 'minimal', target: 'optional', steps: true, restarts: false,
  async run(model, x, { steps }, common, { cw: t }) {
    const options: Record<string, unknown> = { norm: 'l2', steps, ...t };
    const r = await carliniWagner(model, x, { ...common, ...t, steps: steps ?? t?.steps });
    options.consts = Array.from(r.consts);
    return { options, result: r };
  },
};

export const deepFoolAttack: AttackDescriptor<'deepfool'> = {
  name: 'deepfool', about: 'DeepFool, the nearest linearised boundary',
  paper: { authors: 'Moosavi-Dezfooli, Fawzi, Frossard', title: 'DeepFool: a simple and accurate method to fool deep neural networks', year: 2016 },
  norms: ['l2', 'linf'], kind: 'minimal', target: 'never', steps: true, restarts: false,
  async run(model, x, { norm, steps }, common, { deepfool: t }) {
    return {
      options: { norm, steps, ...t },
      result: await deepFool(model, x, { ...common, ...t, norm: norm as 'l2' | 'linf', steps: steps ?? t?.steps }),
    };
  },
};

export const jsmaAttack: AttackDescriptor<'jsma'> = {
  name: 'jsma', about: 'Jacobian saliency map, pixel pairs; eps counts changed values',
  paper: { authors: 'Papernot, McDaniel, Jha, Fredrikson, Celik, Swami', title: 'The Limitations of Deep Learning in Adversarial Settings', year: 2016 },
  norms: ['l0'], kind: 'minimal', target: 'required', steps: false, restarts: false,
  async run(model, x, _request, common, { jsma: t }) {
    return { options: { ...t }, result: await jsma(model, x, { ...common, ...t }) };
  },
};

export const fastMinimumNormAttack: AttackDescriptor<'fmn'> = {
  name: 'fmn', about: 'Fast Minimum-Norm L2',
  paper: { authors: 'Pintor, Roli, Brendel, Biggio', title: 'Fast Minimum-norm Adversarial Attacks through Adaptive Norm Constraints', year: 2021 },
  norms: ['l2'], kind: 'minimal', target: 'optional', steps: true, restarts: false,
  async run(model, x, { steps }, common, { fmn: t }) {
    return { options: { norm: 'l2', steps, ...t }, result: await fastMinimumNorm(model, x, { ...common, ...t, steps: steps ?? t?.steps }) };
  },
};
