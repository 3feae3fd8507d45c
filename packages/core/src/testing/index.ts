export { LinearModel, ReluModel } from './linear-model.js';
