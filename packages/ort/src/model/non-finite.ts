/**
 * NaN and Inf never pass silently: a non-finite input or cotangent is refused before the model
 * runs, and a non-finite output from a finite input is an error that says where to look (the
 * model's own weights when they hold NaN/Inf, else an input far outside what the model expects).
 */
import { AxplainError, type Tensor } from '@axplain/core';
import { DT, type ModelProto } from '@axplain/onnx';

/** A tensor holds NaN or ±Infinity where a finite number is needed. */
export class NonFiniteError extends AxplainError {
  constructor(
    message: string,
    /** What holds the value: the input x, the cotangent, or a model output. */
    readonly where: 'input' | 'cotangent' | 'output' | 'gradient',
    /** The sample (row) and the flat index within it. */
    readonly sample: number,
    readonly index: number,
  ) {
    super(message, 'NON_FINITE');
  }
}

/** The first non-finite value of `t` as [sample, index within the sample, value], or undefined. */
export function firstNonFinite(t: Tensor): [number, number, number] | undefined {
  const d = t.data, n = t.shape[0] ?? 1, per = n > 0 ? d.length / n : d.length;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return [Math.floor(i / per), i % per, d[i]!];
  return undefined;
}

/** Throws NonFiniteError when `t` (an input or a cotangent) holds NaN or Inf. */
export function checkFinite(t: Tensor, where: 'input' | 'cotangent', method: string): void {
  const bad = firstNonFinite(t);
  if (!bad) return;
  const [s, i, v] = bad;
  throw new NonFiniteError(
    `${method}(): ${where === 'input' ? 'x' : 'the cotangent'} holds ${v} at sample ${s}, index ${i}; ` +
      (where === 'input' ? 'inputs must be finite (check how the image was decoded and preprocessed)' : 'cotangents must be finite'),
    where, s, i,
  );
}

/**
 * Throws NonFiniteError when a model output computed from a finite input is NaN or Inf, naming
 * the weights that hold NaN/Inf when there are any.
 */
export function checkFiniteOutput(t: Tensor, where: 'output' | 'gradient', name: string, nonFiniteWeights: readonly string[]): void {
  const bad = firstNonFinite(t);
  if (!bad) return;
  const [s, i, v] = bad;
  const cause = nonFiniteWeights.length
    ? `the model's weights hold NaN/Inf (initializer${nonFiniteWeights.length > 1 ? 's' : ''} ${nonFiniteWeights.slice(0, 3).map((w) => `'${w}'`).join(', ')}${nonFiniteWeights.length > 3 ? `, and ${nonFiniteWeights.length - 3} more` : ''}); repair or re-export the model`
    : 'the model overflows on this input; check the preprocessing (values far outside the range it was trained on)';
  throw new NonFiniteError(`${where === 'output' ? `output '${name}'` : `the gradient '${name}'`} is ${v} at sample ${s}, index ${i} although the input is finite: ${cause}`, where, s, i);
}

/** Names of the float32/float64 initializers that hold NaN or Inf (scanned once, at load). */
export function nonFiniteInitializers(model: ModelProto): string[] {
  const out: string[] = [];
  for (const t of model.graph?.initializer ?? []) {
    const dt = t.dataType ?? 0;
    if (dt !== DT.FLOAT && dt !== DT.DOUBLE) continue;
    let values: ArrayLike<number> | undefined;
    const raw = t.rawData;
    if (raw && raw.length > 0) {
      const size = dt === DT.FLOAT ? 4 : 8;
      // A view where the bytes are aligned; a copy only where they are not (no second copy of every weight at load).
      const bytes = raw.byteOffset % size === 0 ? raw : new Uint8Array(raw);
      const n = Math.floor(bytes.byteLength / size);
      values = dt === DT.FLOAT ? new Float32Array(bytes.buffer, bytes.byteOffset, n) : new Float64Array(bytes.buffer, bytes.byteOffset, n);
    } else values = dt === DT.FLOAT ? (t.floatData ?? []) : (t.doubleData ?? []);
    for (let i = 0; i < values.length; i++)
      if (!Number.isFinite(values[i]!)) { out.push(t.name ?? '(unnamed)'); break; }
  }
  return out;
}
