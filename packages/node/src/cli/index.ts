/**
 * `@axplain/node/cli`: the `axplain` command line as a library, to run it in-process or add a
 * sub-command to your own commander program.
 */
export { createProgram } from './program.js';
export { runCli, CliError } from './run.js';
export { registerAttack } from './attack-command.js';
export { registerCompile } from './compile-command.js';
export { registerExplain } from './explain-command.js';
export { registerEvaluate } from './evaluate-command.js';
export { evaluateJob, type SampleRecord, type JobEnvironment } from './evaluate/job.js';
export { openJobEnvironment } from './evaluate/environment.js';
export { type RunSpec, type Job, jobsOf, sampleSeed } from './evaluate/spec.js';
export { registerOps } from './ops-command.js';
export { registerProbe } from './probe-command.js';
export { registerRobustness } from './robustness-command.js';
export { registerTrain } from './train-command.js';
export { registerWorker } from './worker-command.js';
