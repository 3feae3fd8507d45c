/**
 * The pictures of `axplain explain`: the attribution rendered by core, except AXAI, whose answer
 * is a set of segments — drawn outlined and numbered by rank, so they show on a photograph — and
 * boundary methods that found no boundary point, which say so in their title.
 */
import {
  type ExplanationRun, type ExplanationSummary, grid, modelView, type PreprocessSpec, renderAttribution, type RenderMode, resizeImage, type RgbaImage,
  segmentOutlines,
} from '@axplain/core';

export interface PictureOptions { mode: RenderMode; signed: boolean; title: string; smooth?: number }

/** ', no boundary point' for BSM, BIG and AXAI runs whose search found none (their map is the fallback). */
export function notFoundNote(s: ExplanationSummary): string {
  return 'found' in s && s.found[0] === false ? ', no boundary point' : '';
}

/**
 * The segments worth drawing, best first: AXAI's selection in its own order (density, then the
 * tie-break) without the segments the attack did not touch at all.
 */
const ranked = (s: { selected: number[]; density: number[] }): number[] => s.selected.filter((k) => s.density[k]! > 0);

/** One panel for a comparison grid: the overlay, or AXAI's ranked segments. */
export function methodPanel(run: ExplanationRun<ExplanationSummary>, image: RgbaImage, spec: PreprocessSpec, signed: boolean, smooth = 0): RgbaImage {
  if (run.summary.kind === 'axai') return segmentOutlines({ image: modelView(image, spec), labels: run.summary.segmentLabels, selected: ranked(run.summary) });
  return renderAttribution({ attribution: run.attribution, input: image, spec, mode: 'overlay', sign: signed ? 'signed' : 'absolute', reduce: signed ? 'sum' : 'abs-sum', smooth });
}

/** The picture of a single-method run in `mode`. */
export function explainPicture(run: ExplanationRun<ExplanationSummary>, image: RgbaImage, spec: PreprocessSpec, o: PictureOptions): RgbaImage {
  const sign = o.signed ? 'signed' : 'absolute', reduce = o.signed ? 'sum' : 'abs-sum';
  const title = o.title + notFoundNote(run.summary);
  const s = run.summary;
  if (s.kind !== 'axai' || o.mode === 'heatmap')
    return renderAttribution({ attribution: run.attribution, input: image, spec, mode: o.mode, sign, reduce, smooth: o.smooth, titles: ['input', title, 'overlay'] });
  const top = ranked(s);
  const segments = segmentOutlines({ image: modelView(image, spec), labels: s.segmentLabels, selected: top });
  if (o.mode === 'overlay') return segments;
  const density = renderAttribution({ attribution: run.attribution, input: image, spec, mode: 'overlay', sign, reduce });
  const view = modelView(image, spec);
  const input = resizeImage(view, segments.width, segments.height, { method: 'nearest' });
  return grid([{ image: input, title: 'input' }, { image: segments, title: `${title}: top ${top.length}` }, { image: density, title: 'attack density' }], { columns: 3 });
}
