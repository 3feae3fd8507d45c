export { buildPgdStepGraph, type PgdStepGraph, type PgdStepGraphOptions, StepGraphError } from './pgd-step-graph.js';
export { OnDeviceAttackError, type OnDevicePgdOptions, type OnDevicePgdResult, runPgdStepGraph } from './run-pgd-step-graph.js';
export { pgdOnDevice } from './pgd-on-device.js';
