#!/usr/bin/env node
/** The `axplain` command line. Each sub-command lives in its own file. */
import { Command } from 'commander';
import { registerAttack } from './attack-command.js';
import { registerCompile } from './compile-command.js';
import { registerExplain } from './explain-command.js';
import { registerOps } from './ops-command.js';
import { registerProbe } from './probe-command.js';
import { registerRobustness } from './robustness-command.js';
import { runCli } from './run.js';
import { registerTrain } from './train-command.js';

const program = new Command()
  .name('axplain')
  .description('Explain ONNX classifiers with gradients, decision boundaries and adversarial examples.')
  .showHelpAfterError();
registerCompile(program);
registerExplain(program);
registerOps(program);
registerAttack(program);
registerRobustness(program);
registerProbe(program);
registerTrain(program);

await runCli(program, process.argv);
