/**
 * Writes the small three-model audio chain the README's audio example uses (built with axplain's
 * ModelBuilder, seeded; the wake-word head is untrained) and a test clip:
 *   frontend.onnx  waveform [N, 1, 2048] at 8 kHz -> log-mel-like spectrogram [N, 1, 16, 31]
 *   embedding.onnx spectrogram -> embedding [N, 8] (a small CNN)
 *   head.onnx      embedding -> 2 logits (not wake word, wake word)
 *   fused.onnx     the same three stages in one graph (for comparisons)
 *   clip.wav       0.256 s, 16-bit PCM mono: two tones and a little noise
 * Usage: node --conditions source --import tsx scripts/build-audio-chain.ts OUT_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '@axplain/node';
import { AUDIO, audioChain, audioClip } from '../test/support/audio-chain.js';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: build-audio-chain.ts OUT_DIR\n');
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const models = audioChain();
for (const [name, bytes] of Object.entries({ frontend: models.frontEnd, embedding: models.embedding, head: models.head, fused: models.fused })) {
  writeFileSync(join(out, `${name}.onnx`), bytes);
}
writeFileSync(join(out, 'labels.txt'), 'other\nwake word\n');
writeFileSync(join(out, 'clip.wav'), encodeWav(audioClip(0), AUDIO.sampleRate));
process.stdout.write(`wrote frontend.onnx, embedding.onnx, head.onnx, fused.onnx, labels.txt and clip.wav to ${out}\n`);
