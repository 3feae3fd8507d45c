/**
 * `chain([a, b, c])`: a pipeline shipped as several models (audio: waveform -> log-mel
 * spectrogram -> embedding -> wake-word head) as one `GradientModel` on its first part's input.
 * `logits` runs the parts in turn; `vjp` runs them forward, then pulls the cotangent back through
 * the parts in reverse (the chain rule: J_c·J_b·J_a, one vector-Jacobian product per part), so
 * each part is compiled and run on its own by whichever adapter made it.
 */
import { AxplainError } from '../errors.js';
import type { GradientModel, VjpResult } from '../gradient-model.js';
import { numel, type Tensor } from '../tensor.js';

/**
 * A part of a chain: a `GradientModel` whose output row may be any tensor. `outputShape` is its
 * per-sample output shape (e.g. [1, 40, 98] for a spectrogram); its `logits` are still
 * [N, classes] with classes = numel(outputShape), the same values in row-major order.
 */
export interface ChainPart extends GradientModel {
  /** Per-sample output shape. @defaultValue [classes] */
  readonly outputShape?: readonly number[];
}

export interface ChainOptions {
  /** Part names, as messages name them (file names). @defaultValue 'part 1', 'part 2', ... */
  names?: readonly string[];
}

/** Two consecutive parts whose output and input shapes differ, or a chain that cannot be built. */
export class ChainError extends AxplainError {
  constructor(message: string) { super(message, 'CHAIN'); }
}

/** The per-sample output shape of a part. */
export const partOutputShape = (p: ChainPart): readonly number[] => p.outputShape ?? [p.classes];

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** One `GradientModel` running `parts` in turn. Disposing it disposes every part. */
export class ChainedModel implements ChainPart {
  readonly specificationVersion = 'v1' as const;
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly outputShape: readonly number[];
  readonly labels?: readonly string[];
  /** The parts, first to last. */
  readonly parts: readonly ChainPart[];
  /** The parts' names, as messages name them. */
  readonly names: readonly string[];
  #disposed = false;

  constructor(parts: readonly ChainPart[], options: ChainOptions = {}) {
    if (!Array.isArray(parts) || parts.length === 0) throw new ChainError('chain: expected a non-empty array of models');
    const names = options.names ?? parts.map((_, i) => `part ${i + 1}`);
    if (names.length !== parts.length) throw new ChainError(`chain: ${names.length} names given for ${parts.length} parts`);
    parts.forEach((p, i) => {
      if (!p || typeof p.vjp !== 'function' || typeof p.logits !== 'function' || !Array.isArray(p.inputShape))
        throw new ChainError(`chain: ${names[i]} is not a GradientModel (it needs inputShape, classes, logits and vjp)`);
    });
    for (let i = 0; i + 1 < parts.length; i++) {
      const out = partOutputShape(parts[i]!);
      const next = parts[i + 1]!.inputShape;
      if (out.length !== next.length || out.some((d, k) => d !== next[k]))
        throw new ChainError(
          `chain: ${names[i]} outputs ${fmt(out)} per sample but ${names[i + 1]} takes ${fmt(next)} per sample; ` +
            'consecutive parts must agree (export the models with matching shapes, or give each a fixed input shape)',
        );
    }
    const last = parts[parts.length - 1]!;
    this.parts = Object.freeze([...parts]);
    this.names = Object.freeze([...names]);
    this.inputShape = parts[0]!.inputShape;
    this.classes = last.classes;
    this.outputShape = partOutputShape(last);
    if (last.labels) this.labels = last.labels;
  }

  /** The parts' outputs for x, first to last: [N, ...outputShape] each. */
  async intermediates(x: Tensor): Promise<Tensor[]> {
    this.#check('intermediates');
    const outs: Tensor[] = [];
    let h = x;
    for (const p of this.parts) {
      const z = await p.logits(h);
      h = { data: z.data, shape: [z.shape[0]!, ...partOutputShape(p)] };
      outs.push(h);
    }
    return outs;
  }

  /** f(x) = c(b(a(x))): [N, classes]. */
  async logits(x: Tensor): Promise<Tensor> {
    this.#check('logits');
    let h = x;
    for (const [i, p] of this.parts.entries()) {
      const z = await p.logits(h);
      h = i + 1 < this.parts.length ? { data: z.data, shape: [z.shape[0]!, ...this.parts[i + 1]!.inputShape] } : z;
    }
    return h;
  }

  /** Forward through the parts, then the cotangent back through them in reverse. */
  async vjp(x: Tensor, cotangent: Tensor): Promise<VjpResult> {
    this.#check('vjp');
    // Inputs of every part (each part's forward is run again inside its own vjp).
    const inputs: Tensor[] = [x];
    for (let i = 0; i + 1 < this.parts.length; i++) {
      const z = await this.parts[i]!.logits(inputs[i]!);
      inputs.push({ data: z.data, shape: [z.shape[0]!, ...this.parts[i + 1]!.inputShape] });
    }
    const k = this.parts.length - 1;
    const top = await this.parts[k]!.vjp(inputs[k]!, cotangent);
    let g = top.grad;
    for (let i = k - 1; i >= 0; i--) {
      const p = this.parts[i]!;
      const n = g.shape[0]!;
      const r = await p.vjp(inputs[i]!, { data: g.data, shape: [n, p.classes] });
      g = r.grad;
    }
    return { logits: top.logits, grad: g };
  }

  /** Disposes every part. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const p of this.parts) await p.dispose();
  }

  #check(method: string): void {
    if (this.#disposed) throw new ChainError(`${method}(): the chained model was disposed`);
  }
}

/**
 * One `GradientModel` whose logits run `parts` in turn and whose vjp runs them backward in turn.
 * Consecutive parts must agree on shapes: the output of one (`outputShape`, else [classes]) is the
 * per-sample input of the next.
 * @example const model = chain([frontEnd, embedding, head], { names: ['mel.onnx', 'emb.onnx', 'head.onnx'] });
 */
export const chain = (parts: readonly ChainPart[], options?: ChainOptions): ChainedModel => new ChainedModel(parts, options);
