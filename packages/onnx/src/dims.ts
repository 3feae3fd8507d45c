/** A dimension: a number when known at compile time, else the symbolic name (e.g. `N`). */
export type Dim = number | string;
/** Shape of a tensor; dims may be symbolic. */
export type Shape = Dim[];

/** Element type and shape of a tensor, as far as known at compile time. */
export interface TensorInfo {
  /** ONNX `TensorProto.DataType` code (1 = float32, 10 = float16, 7 = int64, 9 = bool...). */
  elemType: number;
  shape: Shape;
}

export const isStatic = (s: readonly Dim[]): s is number[] => s.every((d) => typeof d === 'number');

export const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export const sameShape = (a: readonly Dim[], b: readonly Dim[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export const fmtShape = (s: readonly Dim[]): string => `[${s.join(', ')}]`;

/** Normalises a possibly negative axis against rank `r`. */
export const normAxis = (axis: number, r: number): number => (axis < 0 ? axis + r : axis);

/**
 * Numpy-style broadcast of several shapes. A symbolic dim broadcast against 1 stays symbolic;
 * two different symbols are assumed equal (the first is kept) since ONNX would fail otherwise.
 */
export function broadcastShapes(...shapes: (readonly Dim[])[]): Shape {
  const r = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < r; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const k = s.length - r + i;
      if (k < 0) continue;
      const e = s[k]!;
      if (e === 1) continue;
      if (d === 1) d = e;
      else if (typeof d === 'number' && typeof e === 'number' && d !== e)
        throw new RangeError(`cannot broadcast shapes ${shapes.map(fmtShape).join(' and ')}`);
      else if (typeof d === 'string' && typeof e === 'number') d = e;
    }
    out.push(d);
  }
  return out;
}
