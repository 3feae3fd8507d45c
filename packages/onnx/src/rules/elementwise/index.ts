/** Gradient rules of the elementwise family. */
import type { GradRule } from '../types.js';
import { absGrad } from './abs.js';
import { addGrad, subGrad } from './add.js';
import { castGrad } from './cast.js';
import { celuGrad } from './celu.js';
import { clipGrad } from './clip.js';
import { divGrad } from './div.js';
import { dropoutGrad } from './dropout.js';
import { eluGrad } from './elu.js';
import { erfGrad } from './erf.js';
import { expGrad } from './exp.js';
import { geluGrad } from './gelu.js';
import { hardSigmoidGrad } from './hard-sigmoid.js';
import { hardSwishGrad } from './hard-swish.js';
import { identityGrad } from './identity.js';
import { leakyReluGrad } from './leaky-relu.js';
import { logGrad } from './log.js';
import { maxGrad, minGrad } from './max-min.js';
import { mishGrad } from './mish.js';
import { mulGrad } from './mul.js';
import { negGrad } from './neg.js';
import { powGrad } from './pow.js';
import { preluGrad } from './prelu.js';
import { reciprocalGrad } from './reciprocal.js';
import { reluGrad } from './relu.js';
import { seluGrad } from './selu.js';
import { sigmoidGrad } from './sigmoid.js';
import { cosGrad, sinGrad } from './sin-cos.js';
import { softplusGrad } from './softplus.js';
import { softsignGrad } from './softsign.js';
import { sqrtGrad } from './sqrt.js';
import { meanGrad, sumGrad } from './sum-mean.js';
import { tanhGrad } from './tanh.js';
import { thresholdedReluGrad } from './thresholded-relu.js';
import { whereGrad } from './where.js';

export const ELEMENTWISE_RULES: readonly GradRule[] = [
  // arithmetic
  addGrad, subGrad, mulGrad, divGrad, powGrad, negGrad, absGrad, reciprocalGrad, sqrtGrad, expGrad, logGrad,
  sinGrad, cosGrad, erfGrad,
  // activations
  reluGrad, leakyReluGrad, preluGrad, thresholdedReluGrad, eluGrad, seluGrad, celuGrad, sigmoidGrad,
  hardSigmoidGrad, hardSwishGrad, tanhGrad, softplusGrad, softsignGrad, geluGrad, mishGrad, clipGrad,
  // variadic and selection
  sumGrad, meanGrad, maxGrad, minGrad, whereGrad,
  // type and identity
  castGrad, identityGrad, dropoutGrad,
];
