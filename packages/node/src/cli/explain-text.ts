/**
 * `axplain explain --model M --text "..." | --text-file F [--method ig|saliency|smoothgrad|lime|
 * kernelshap|axai] [--out x.html] [--json F|-]`: a text model (token ids in; its vocab.json and
 * card.json beside it) explained token by token. The terminal shows the tokens coloured by
 * attribution (ANSI; plain text with the strongest tokens marked when NO_COLOR is set or stdout
 * is not a terminal), `--out` writes an HTML token heatmap, `--json` the prediction and the
 * per-token attributions (`-`: to stdout, alone).
 */
import { existsSync, readFileSync } from 'node:fs';
import { tokenAnsi, tokenHtml } from '@axplain/core';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { explainText, TEXT_METHODS, type TextMethod } from '../text/explain-text.js';
import { loadTextModel } from '../text/node-text.js';
import { CliError, interruptSignal } from './run.js';

export interface TextFlags {
  model: string; text?: string; textFile?: string; vocab?: string; out?: string; json?: string; method: string;
  target: number | 'predicted'; steps?: number; seed: number; eps?: number; topK?: number; maxEvals?: number;
}

/** Adds --text, --text-file and --vocab to the explain command. */
export function addTextOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--text <text>', 'text models: the text to explain (token attributions; the vocabulary is read from vocab.json beside the model)'))
    .addOption(new Option('--text-file <file>', 'text models: read the text to explain from a file (e.g. a saved email)'))
    .addOption(new Option('--vocab <file>', "text models: the tokenizer's vocabulary JSON (default: vocab.json beside the model)"));
}

/** Whether to colour terminal output: a TTY and no NO_COLOR (https://no-color.org). */
export const useColour = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean => Boolean(stream.isTTY) && !env.NO_COLOR;

export async function runExplainText(flags: TextFlags): Promise<void> {
  const t0 = performance.now();
  if (flags.text !== undefined && flags.textFile !== undefined) throw new CliError('--text and --text-file: give one of them');
  if (flags.textFile !== undefined && !existsSync(flags.textFile)) throw new CliError(`--text-file: '${flags.textFile}' does not exist`);
  const text = flags.text ?? readFileSync(flags.textFile!, 'utf8');
  if (!(TEXT_METHODS as readonly string[]).includes(flags.method)) throw new CliError(`--method: '${flags.method}' is not available for text models; choose one of ${TEXT_METHODS.join(', ')}`);
  if (flags.out !== undefined && !/\.html?$/i.test(flags.out)) throw new CliError(`--out: text explanations are written as HTML; give a file ending in .html (got '${flags.out}')`);
  if (!existsSync(flags.model)) throw new CliError(`model file '${flags.model}' does not exist`);
  const tm = await loadTextModel(flags.model, { vocab: flags.vocab });
  try {
    const r = await explainText(tm, text, {
      method: flags.method as TextMethod, target: flags.target, steps: flags.steps, seed: flags.seed, eps: flags.eps, topK: flags.topK, maxEvals: flags.maxEvals, signal: interruptSignal(),
    });
    const name = (c: number) => tm.labels?.[c] ?? String(c);
    const json = { predicted: r.predicted, probabilities: r.probabilities, target: name(r.target), method: r.method, ...(r.delta !== undefined ? { delta: r.delta } : {}), headerTokens: r.headerCount, truncated: r.truncated, tokens: r.tokens };
    const about = [
      `predicted ${r.predicted} with probability ${Math.max(...r.probabilities).toFixed(4)} (${r.probabilities.map((p, c) => `${name(c)} ${p.toFixed(4)}`).join(', ')})`,
      `explained class ${name(r.target)} with ${r.method}${r.delta !== undefined ? ` (completeness gap ${r.delta.toExponential(2)})` : ''}; ${r.tokens.length} tokens${r.headerCount ? ` (${r.headerCount} header tokens first)` : ''}${r.truncated ? ', the rest of the text is beyond the model\'s length' : ''}`,
    ];
    if (flags.out) writeFileAtomic(flags.out, tokenHtml(r.tokens, { title: `${flags.model}: ${r.predicted}`, lines: about, headerCount: r.headerCount }));
    if (flags.json === '-') {
      process.stdout.write(JSON.stringify(json) + '\n');
      return;
    }
    if (flags.json) writeFileAtomic(flags.json, JSON.stringify(json) + '\n');
    const top = [...r.tokens].map((t, i) => ({ ...t, i })).sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution) || a.i - b.i).slice(0, 10);
    const colour = useColour(process.stdout);
    const lines = [
      `model ${flags.model}: text, ${tm.model.seqLength} token positions, ${tm.model.dim}-value embedding '${tm.model.embeddingName}', ${tm.model.classes} classes`,
      ...about,
      tokenAnsi(r.tokens, { color: colour }),
      `strongest tokens: ${top.map((t) => `${t.token} (${t.attribution >= 0 ? '+' : ''}${t.attribution.toFixed(3)})`).join(', ')}`,
      ...(flags.out ? [`wrote ${flags.out}`] : []), ...(flags.json ? [`wrote ${flags.json}`] : []),
      `time ${(performance.now() - t0).toFixed(0)} ms`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await tm.dispose();
  }
}
