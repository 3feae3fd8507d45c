/** `axplain compile <model.onnx> -o <out.onnx> [--wrt NAME...] [--of NAME] [--input-shape D,D,...] [--portable] [--check]` */
import { writeFileAtomic } from '../io/atomic-write.js';
import { compile, encodeModel, decodeModel } from '@axplain/onnx';
import type { Command } from 'commander';
import { gradCheck } from '../gradcheck.js';
import { readModelFile } from './io.js';
import { asFlagError, inputShapeOption } from './model-io-flags.js';
import { specialiseInputShape } from '@axplain/ort';

interface CompileFlags { output: string; wrt?: string[]; of?: string; check?: boolean; inputShape?: number[]; portable?: boolean }

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('Compile an ONNX model into a gradient graph (standard ONNX ops; with --portable it runs on every execution provider, WebGPU included).')
    .argument('<model>', 'input .onnx model')
    .requiredOption('-o, --output <file>', 'where to write the gradient model')
    .option('--wrt <names...>', 'tensors to differentiate with respect to (default: the first non-initializer input)')
    .option('--of <name>', 'output to differentiate (default: the first output)')
    .addOption(inputShapeOption())
    .option('--portable', 'emit only forms every execution provider implements (needed for WebGPU: MaxPool gradients without MaxPool\'s Indices output; slower on CPU)')
    .option('--check', 'verify the gradients against finite differences of the original model (onnxruntime CPU)')
    .action(async (modelPath: string, flags: CompileFlags) => {
      const original = readModelFile(modelPath);
      const decoded = decodeModel(original, modelPath);
      // --input-shape specialises the symbolic per-sample dims of the first --wrt input (default: the first float input) in the written file.
      let special: ReturnType<typeof specialiseInputShape> | undefined;
      try {
        special = flags.inputShape ? specialiseInputShape(decoded, flags.wrt?.[0], flags.inputShape, modelPath) : undefined;
      } catch (e) {
        throw asFlagError(e);
      }
      const bytes = special?.changed ? encodeModel(decoded) : original;
      const t0 = performance.now();
      const res = compile(decoded, { wrt: flags.wrt, of: flags.of, portable: flags.portable });
      const ms = performance.now() - t0;
      const out = encodeModel(res.model);
      writeFileAtomic(flags.output, out);
      const lines = [
        `compiled ${modelPath} in ${ms.toFixed(0)} ms`,
        ...(special ? [`  input '${special.input}' specialised to [N, ${flags.inputShape!.join(', ')}]${special.changed ? '' : ' (already so declared)'}`] : []),
        `  nodes: ${res.forwardNodes} forward + ${res.totalNodes - res.forwardNodes} gradient = ${res.totalNodes}`,
        `  differentiates '${res.of}' (feed the cotangent as input '${res.cotangentInput}')`,
        ...res.wrt.map((x, i) => `  d/d'${x}' -> output '${res.gradOutputs[i]}'`),
        `  wrote ${flags.output} (${(out.length / 1024).toFixed(1)} KiB)`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      if (flags.check) {
        const r = await gradCheck(bytes, { wrt: flags.wrt, of: flags.of, seed: 0 });
        process.stdout.write(
          `  finite-difference check: max relative error ${r.maxRelError.toExponential(2)} over ${r.perWrt.reduce((s, p) => s + p.checks.length, 0)} directions; ` +
            `forward outputs unchanged (max |diff| ${r.forwardMaxAbsDiff})\n`,
        );
        if (r.maxRelError > 5e-2) {
          process.stderr.write('axplain: error: gradient check failed (relative error above 5e-2)\n');
          process.exitCode = 1;
        }
      }
    });
}
