/**
 * The shape of an attack in the registry: which norms it works in, whether eps is its budget or
 * only a success threshold, whether it takes a target, which knobs apply, and its runner.
 */
import type { ApgdOptions } from '../attacks/apgd.js';
import type { CarliniWagnerOptions } from '../attacks/cw.js';
import type { DeepFoolOptions } from '../attacks/deepfool.js';
import type { FastMinimumNormOptions } from '../attacks/fmn.js';
import type { FrankWolfeOptions } from '../attacks/frank-wolfe.js';
import type { JsmaOptions } from '../attacks/jsma.js';
import type { PgdOptions } from '../attacks/pgd.js';
import type { AttackResult, Box } from '../attacks/types.js';
import { AxplainError } from '../errors.js';
import type { GradientModel } from '../gradient-model.js';
import type { Target } from '../targets.js';
import type { Tensor } from '../tensor.js';
import type { Paper } from './types.js';

/** Norms of the registry's attacks: the three balls, Frank-Wolfe's k-sparse polytope, and JSMA's L0. */
export type AttackNorm = 'linf' | 'l2' | 'l1' | 'k-sparse' | 'l0';

/** A user's attack choice (validate it with `checkAttackRequest`). */
export interface AttackRequest<N extends string = string> {
  attack: N;
  norm: AttackNorm;
  /** Budget (budget attacks) or success threshold (minimal attacks; optional there). */
  eps?: number;
  /** Target class: the attack is targeted when given. */
  target?: number;
  steps?: number;
  restarts?: number;
  seed: number;
}

/** Per-attack tuning beyond the request (scripts use it to bound the budget of CW and FMN). */
export interface AttackTuning {
  pgd?: Omit<PgdOptions, 'norm' | 'eps' | 'target' | 'targeted'>;
  apgd?: Omit<ApgdOptions, 'norm' | 'eps' | 'target' | 'targeted' | 'loss'>;
  cw?: Omit<CarliniWagnerOptions, 'norm' | 'target' | 'targeted'>;
  deepfool?: Omit<DeepFoolOptions, 'norm' | 'target' | 'targeted'>;
  jsma?: Omit<JsmaOptions, 'target' | 'targeted'>;
  fw?: Omit<FrankWolfeOptions, 'norm' | 'eps' | 'target' | 'targeted'>;
  fmn?: Omit<FastMinimumNormOptions, 'norm' | 'target' | 'targeted'>;
}

/** What every attack call shares: the box, seed, the class(es) and the callbacks. */
export interface AttackCommon {
  box?: Box;
  seed: number;
  target: Target;
  targeted: boolean;
  onStep?: (info: { step: number; steps: number; restart?: number }) => void;
  signal?: AbortSignal;
}

/** The options an attack ran with, as reported (undefined entries are dropped by `runAttack`). */
export type AttackOptionsReport = Record<string, unknown>;

/** One attack of the registry. */
export interface AttackDescriptor<N extends string = string> {
  readonly name: N;
  /** One line for help texts. */
  readonly about: string;
  readonly paper: Paper;
  /** Norms the attack works in; the first is the default. */
  readonly norms: readonly AttackNorm[];
  /**
   * 'budget': eps bounds the perturbation (required). 'minimal': the attack looks for the
   * smallest perturbation; eps, when given, is only the threshold a success must stay within.
   */
  readonly kind: 'budget' | 'minimal';
  /** 'optional': a target makes it targeted; 'never': untargeted only; 'required': targeted only. */
  readonly target: 'optional' | 'never' | 'required';
  /** Whether `steps` applies (FGSM is one step; JSMA's budget is the share of values it may change). */
  readonly steps: boolean;
  /** Whether `restarts` applies. */
  readonly restarts: boolean;
  /** Runs the core attack; returns its result and the options it passed. */
  run(model: GradientModel, x: Tensor, request: AttackRequest<N>, common: AttackCommon, tuning: AttackTuning): Promise<{ result: AttackResult; options: AttackOptionsReport }>;
}

/** A request that does not fit its attack; `option` names the request field at fault. */
export class AttackRequestError extends AxplainError {
  constructor(readonly option: 'attack' | 'norm' | 'eps' | 'target' | 'steps' | 'restarts', readonly detail: string) {
    super(`${option}: ${detail}`, 'ATTACK_REQUEST');
  }
}
