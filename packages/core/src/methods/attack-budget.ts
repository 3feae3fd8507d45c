/** The budget attacks in the registry: eps bounds the perturbation (FGSM, PGD, AutoPGD, Frank-Wolfe). */
import { apgd } from '../attacks/apgd.js';
import { fgsm } from '../attacks/fgsm.js';
import { frankWolfe, type FrankWolfeOptions } from '../attacks/frank-wolfe.js';
import { pgd } from '../attacks/pgd.js';
import type { Norm } from '../attacks/types.js';
import type { AttackDescriptor } from './attack-types.js';

const APGD_PAPER = { authors: 'Croce, Hein', title: 'Reliable evaluation of adversarial robustness with an ensemble of diverse parameter-free attacks', year: 2020 } as const;
const BALLS = ['linf', 'l2', 'l1'] as const;

export const fgsmAttack: AttackDescriptor<'fgsm'> = {
  name: 'fgsm', about: 'one gradient step; TGSM with a target',
  paper: { authors: 'Goodfellow, Shlens, Szegedy', title: 'Explaining and Harnessing Adversarial Examples', year: 2015 },
  norms: BALLS, kind: 'budget', target: 'optional', steps: false, restarts: false,
  async run(model, x, { norm, eps }, common) {
    const ball = norm as Norm;
    return { options: { norm: ball, eps }, result: await fgsm(model, x, { ...common, norm: ball, eps }) };
  },
};

export const pgdAttack: AttackDescriptor<'pgd'> = {
  name: 'pgd', about: 'projected gradient descent, random start',
  paper: { authors: 'Madry, Makelov, Schmidt, Tsipras, Vladu', title: 'Towards Deep Learning Models Resistant to Adversarial Attacks', year: 2018 },
  norms: BALLS, kind: 'budget', target: 'optional', steps: true, restarts: true,
  async run(model, x, { norm, eps, steps, restarts }, common, { pgd: t }) {
    const ball = norm as Norm;
    return {
      options: { norm: ball, eps, steps, restarts, ...t },
      result: await pgd(model, x, { ...common, ...t, norm: ball, eps, steps: steps ?? t?.steps, restarts: restarts ?? t?.restarts }),
    };
  },
};

function apgdAttack<N extends 'apgd-ce' | 'apgd-dlr'>(name: N, loss: 'ce' | 'dlr', about: string): AttackDescriptor<N> {
  return {
    name, about, paper: APGD_PAPER, norms: BALLS, kind: 'budget', target: 'optional', steps: true, restarts: true,
    async run(model, x, { norm, eps, steps, restarts }, common, { apgd: t }) {
      const ball = norm as Norm;
      return {
        options: { norm: ball, eps, loss, steps, restarts, ...t },
        result: await apgd(model, x, { ...common, ...t, norm: ball, eps, loss, steps: steps ?? t?.steps, restarts: restarts ?? t?.restarts }),
      };
    },
  };
}

export const apgdCeAttack = apgdAttack('apgd-ce', 'ce', 'AutoPGD on cross-entropy');
export const apgdDlrAttack = apgdAttack('apgd-dlr', 'dlr', 'AutoPGD on the DLR loss, >= 3 classes, targeted >= 4');

export const frankWolfeAttack: AttackDescriptor<'fw'> = {
  name: 'fw', about: 'Frank-Wolfe; norm k-sparse for sparse perturbations',
  paper: { authors: 'Roberts, Tsiligkaridis', title: 'Controllably Sparse Perturbations of Robust Classifiers for Explaining Predictions and Probing Learned Concepts', year: 2021 },
  norms: [...BALLS, 'k-sparse'], kind: 'budget', target: 'optional', steps: true, restarts: false,
  async run(model, x, { norm, eps, steps }, common, { fw: t }) {
    const options: Record<string, unknown> = { norm, eps, steps, ...t };
    const r = await frankWolfe(model, x, { ...common, ...t, norm: norm as FrankWolfeOptions['norm'], eps, steps: steps ?? t?.steps });
    if (norm === 'k-sparse') options.k = r.k;
    return { options, result: r };
  },
};
