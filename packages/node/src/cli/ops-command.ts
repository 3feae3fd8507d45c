/** `axplain ops`: the ONNX ops that have gradient rules. */
import { supportedOps } from '@axplain/onnx';
import type { Command } from 'commander';

export function registerOps(program: Command): void {
  program
    .command('ops')
    .description('List the ONNX op types the gradient compiler supports.')
    .action(() => {
      process.stdout.write(supportedOps().join('\n') + '\n');
    });
}
