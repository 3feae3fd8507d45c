/**
 * A three-model audio pipeline built in standard ONNX ops, as wake-word detectors ship it:
 * waveform [N, 1, T] -> log-mel-like spectrogram [N, 1, M, F] (Conv1d with fixed Hann-windowed
 * cos/sin kernels, squared magnitude, a triangular mel MatMul, Log(x + eps)) -> embedding [N, E]
 * (a small CNN) -> wake-word head [N, 2]. The same stages also build one fused graph, for checks.
 * Weights are seeded; the head is untrained (its prediction means nothing).
 */
import { Rng } from '@axplain/core';
import { encodeModel, ModelBuilder } from '@axplain/onnx';

export const AUDIO = { sampleRate: 8000, samples: 2048, frame: 128, hop: 64, bins: 33, mels: 16, embed: 8 } as const;
export const FRAMES = (AUDIO.samples - AUDIO.frame) / AUDIO.hop + 1; // 31

/** Triangular filters over the `bins` DFT bins, evenly spaced on the mel scale, m = 2595 log10(1 + f/700) (D. O'Shaughnessy, "Speech Communication: Human and Machine", 1987). */
function melMatrix(): Float32Array {
  const { bins, mels, sampleRate } = AUDIO;
  const mel = (f: number) => 2595 * Math.log10(1 + f / 700);
  const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const top = mel(sampleRate / 2);
  const centres = Array.from({ length: mels + 2 }, (_, i) => hz((top * i) / (mels + 1)));
  const binHz = (k: number) => (k * sampleRate) / (2 * (bins - 1));
  const w = new Float32Array(bins * mels); // [bins, mels]
  for (let m = 0; m < mels; m++)
    for (let k = 0; k < bins; k++) {
      const f = binHz(k), lo = centres[m]!, c = centres[m + 1]!, hi = centres[m + 2]!;
      const v = f <= lo || f >= hi ? 0 : f <= c ? (f - lo) / (c - lo) : (hi - f) / (hi - c);
      w[k * mels + m] = v + 0.01; // a floor keeps every mel band above zero power
    }
  return w;
}

/** Hann-windowed cos (re) or sin (im) kernels of the first `bins` DFT bins: [bins, 1, frame]. */
function dftKernels(part: 'cos' | 'sin'): Float32Array {
  const { bins, frame } = AUDIO;
  const k = new Float32Array(bins * frame);
  for (let b = 0; b < bins; b++)
    for (let t = 0; t < frame; t++) {
      const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / frame);
      const a = (2 * Math.PI * b * t) / frame;
      k[b * frame + t] = hann * (part === 'cos' ? Math.cos(a) : Math.sin(a)) / Math.sqrt(frame);
    }
  return k;
}

type Stage = (b: ModelBuilder, x: string, p: string) => string;

const frontEnd: Stage = (b, x, p) => {
  const { bins, frame, hop, mels } = AUDIO;
  const re = b.node('Conv', [x, b.initializer(`${p}cos`, [bins, 1, frame], dftKernels('cos'))], { strides: [hop] });
  const im = b.node('Conv', [x, b.initializer(`${p}sin`, [bins, 1, frame], dftKernels('sin'))], { strides: [hop] });
  const power = b.node('Add', [b.node('Mul', [re, re]), b.node('Mul', [im, im])]); // [N, bins, F]
  const t = b.node('Transpose', [power], { perm: [0, 2, 1] }); // [N, F, bins]
  const mel = b.node('MatMul', [t, b.initializer(`${p}mel`, [bins, mels], melMatrix())]); // [N, F, mels]
  const logMel = b.node('Log', [b.node('Add', [mel, b.initializer(`${p}eps`, [], [1e-6])])]);
  const tm = b.node('Transpose', [logMel], { perm: [0, 2, 1] }); // [N, mels, F]
  return b.node('Unsqueeze', [tm, b.initializer(`${p}axis`, [1], [1], 7)]); // [N, 1, mels, F]
};

const embedding: Stage = (b, x, p) => {
  const r = new Rng(21);
  const c1 = b.node('Conv', [x, b.initializer(`${p}w1`, [4, 1, 3, 3], r.fillNormal(36, 0.3)), b.initializer(`${p}b1`, [4], r.fillNormal(4, 0.1))], { pads: [1, 1, 1, 1] });
  const c2 = b.node('Conv', [b.node('Relu', [c1]), b.initializer(`${p}w2`, [AUDIO.embed, 4, 3, 3], r.fillNormal(AUDIO.embed * 36, 0.2)), b.initializer(`${p}b2`, [AUDIO.embed], r.fillNormal(AUDIO.embed, 0.1))], { strides: [2, 2] });
  const pooled = b.node('GlobalAveragePool', [b.node('Tanh', [c2])]);
  return b.node('Flatten', [pooled], { axis: 1 }); // [N, embed]
};

const head: Stage = (b, x, p) => {
  const r = new Rng(22);
  const e = AUDIO.embed;
  const h = b.node('Relu', [b.node('Gemm', [x, b.initializer(`${p}w1`, [e, e], r.fillNormal(e * e, 0.6)), b.initializer(`${p}b1`, [e], r.fillNormal(e, 0.2))])]);
  return b.node('Gemm', [h, b.initializer(`${p}w2`, [e, 2], r.fillNormal(2 * e, 0.6)), b.initializer(`${p}b2`, [2], [0.1, -0.1])]);
};

const INPUTS: Record<string, number[]> = {
  frontEnd: [1, AUDIO.samples],
  embedding: [1, AUDIO.mels, FRAMES],
  head: [AUDIO.embed],
};

function single(name: keyof typeof INPUTS, stage: Stage, out: string): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const y = b.node('Identity', [stage(b, b.input('input', ['N', ...INPUTS[name]!]), '')]);
  b.output(y);
  const model = b.build();
  // Name the output as a shipped model would.
  for (const n of model.graph!.node!) n.output = n.output!.map((o) => (o === y ? out : o));
  model.graph!.output![0]!.name = out;
  return encodeModel(model);
}

/** The three parts (each its own ONNX model) and the same stages fused into one graph. */
export function audioChain(): { frontEnd: Uint8Array; embedding: Uint8Array; head: Uint8Array; fused: Uint8Array } {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('input', ['N', 1, AUDIO.samples]);
  b.output(head(b, embedding(b, frontEnd(b, x, 'fe_'), 'emb_'), 'head_'));
  return {
    frontEnd: single('frontEnd', frontEnd, 'log_mel'),
    embedding: single('embedding', embedding, 'embedding'),
    head: single('head', head, 'logits'),
    fused: encodeModel(b.build()),
  };
}

/** A seeded test clip: two tones and a little noise, in [-1, 1]. */
export function audioClip(seed = 0): Float32Array {
  const r = new Rng(seed);
  const noise = r.fillNormal(AUDIO.samples, 0.02);
  return Float32Array.from({ length: AUDIO.samples }, (_, t) => 0.4 * Math.sin((2 * Math.PI * 440 * t) / AUDIO.sampleRate) * Math.min(1, t / 400) + 0.2 * Math.sin((2 * Math.PI * 1800 * t) / AUDIO.sampleRate) + noise[t]!);
}
