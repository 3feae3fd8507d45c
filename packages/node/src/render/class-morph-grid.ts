/**
 * The class-morph figure: one input pushed by iterated TGSM towards every class, drawn as a grid
 * of images titled with the class and whether the model now predicts it.
 */
import {
  type ClassMorphResult, grid, type GridImage, type PreprocessSpec, parsePreprocessSpec, resizeImage, type RgbaImage, softmax, type Tensor, toRgba,
} from '@axplain/core';

export interface ClassMorphGridOptions {
  /** The clean input (a batch of 1), drawn first. */
  input: Tensor;
  /** What `classMorph` returned for it. */
  morph: ClassMorphResult;
  /** The preprocessing the input went through. */
  spec: PreprocessSpec;
  /** Class names for the titles. @defaultValue the class indices */
  labels?: readonly string[];
  /** Images per row (the input counts as one). @defaultValue all in one row up to 11 cells, else ceil(sqrt(cells)) */
  columns?: number;
  /** Cells are magnified (nearest neighbour) until their shorter side is at least this. @defaultValue 112 */
  minSize?: number;
}

/**
 * Renders a class morph as a titled grid (`cells` says where each image and title went): 'input 3' first, then per class `'<class> ok 0.97'`
 * (reached, with the probability the model gives it) or `'<class> no'` (not reached: the cell
 * shows the clean input, as `classMorph` returns it).
 * @example
 * const morph = await classMorph(model, x, { eps: 0.3, steps: 20 });
 * await savePng(classMorphGrid({ input: x, morph, spec }), 'out/morph.png');
 */
export function classMorphGrid(options: ClassMorphGridOptions): GridImage {
  const { input, morph, labels, minSize = 112 } = options;
  if (!(minSize >= 0) || !Number.isFinite(minSize)) throw new RangeError(`minSize: must be a number >= 0, got ${minSize}`);
  const spec = parsePreprocessSpec(options.spec);
  const rows = morph.classes.length;
  const d = morph.grid.data.length / Math.max(rows, 1);
  const sampleShape = morph.grid.shape.slice(1);
  const probs = softmax(morph.logits).data;
  const C = morph.logits.shape[1]!;
  const name = (c: number) => labels?.[c] ?? String(c);
  const first = toRgba(input, spec);
  const k = minSize > 0 ? Math.max(1, Math.ceil(minSize / Math.min(first.width, first.height))) : 1;
  const big = (img: RgbaImage) => resizeImage(img, img.width * k, img.height * k, { method: 'nearest' });
  const cells = [{ image: big(first), title: `input ${name(morph.predicted)}` }];
  for (let r = 0; r < rows; r++) {
    const c = morph.classes[r]!;
    const img = toRgba({ data: morph.grid.data.subarray(r * d, (r + 1) * d), shape: sampleShape }, spec);
    const title = morph.success[r] ? `${name(c)} ok ${probs[r * C + c]!.toFixed(2)}` : `${name(c)} no`;
    cells.push({ image: big(img), title });
  }
  const n = cells.length;
  const columns = options.columns ?? (n <= 11 ? n : Math.ceil(Math.sqrt(n)));
  const fontScale = Math.max(1, Math.floor((first.width * k) / 48));
  return grid(cells, { columns, fontScale });
}
