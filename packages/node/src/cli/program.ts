/** The `axplain` program: every sub-command registered on one commander program. */
import { Command } from 'commander';
import { registerAttack } from './attack-command.js';
import { registerCompile } from './compile-command.js';
import { registerEvaluate } from './evaluate-command.js';
import { registerExplain } from './explain-command.js';
import { registerInspect } from './inspect-command.js';
import { registerOps } from './ops-command.js';
import { registerProbe } from './probe-command.js';
import { registerRobustness } from './robustness-command.js';
import { registerTrain } from './train-command.js';
import { registerWorker } from './worker-command.js';
import { silenceProgress } from './progress.js';

/**
 * The `axplain` command line as a commander program (run it with `runCli`).
 * @example await runCli(createProgram(), ['node', 'axplain', 'ops']);
 */
export function createProgram(): Command {
  const program = new Command()
    .name('axplain')
    .description('Explain ONNX classifiers with gradients, decision boundaries and adversarial examples.')
    .option('-q, --quiet', 'no progress bars')
    .showHelpAfterError()
    .hook('preAction', (root) => silenceProgress(Boolean(root.opts().quiet)));
  registerCompile(program);
  registerExplain(program);
  registerEvaluate(program);
  registerInspect(program);
  registerOps(program);
  registerAttack(program);
  registerRobustness(program);
  registerProbe(program);
  registerTrain(program);
  registerWorker(program);
  return program;
}
