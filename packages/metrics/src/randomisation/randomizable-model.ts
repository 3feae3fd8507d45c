/**
 * The one thing the parameter-randomisation sanity check needs beyond a `GradientModel`: a copy
 * of the model with chosen layers' parameters re-drawn. Adapters implement it where they can
 * re-draw initializers (a pure-TS model in the tests; an ONNX adapter by rewriting initializers).
 */
import type { GradientModel } from '@axplain/core';

export interface RandomizableModel extends GradientModel {
  /** The layers whose parameters can be re-drawn, from the input to the output. */
  readonly layerNames: readonly string[];
  /**
   * A new model whose layers `names` have freshly drawn parameters (seeded), the others this
   * model's; this model is unchanged. The caller disposes the copy.
   */
  randomizeLayers(names: readonly string[], seed: number): Promise<GradientModel>;
}

/** Whether `model` can re-draw its layers. */
export const isRandomizable = (model: GradientModel): model is RandomizableModel =>
  Array.isArray((model as Partial<RandomizableModel>).layerNames) && typeof (model as Partial<RandomizableModel>).randomizeLayers === 'function';
