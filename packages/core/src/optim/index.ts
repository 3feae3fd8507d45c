export { adamUpdate, ADAM_DEFAULTS, type AdamSettings } from './adam.js';
export {
  Adam, SgdMomentum, createOptimizer, type Optimizer, type OptimizerSpec, type AdamOptions, type SgdOptions, type ParamValues,
} from './optimizers.js';
