/**
 * `pnpm demo`, the README's main job: explains bundled sample digits with the bundled models —
 * a standard MNIST classifier and its PGD-trained (robust) twin, both trained by axplain itself —
 * with four methods side by side, and writes the gallery to out/demo/gallery.png.
 * Options: --out DIR (default out/demo).
 */
import { boundaryIntegratedGradients, grid, integratedGradients, modelView, preprocess, renderAttribution, resizeImage, saliency, smoothGrad, softmax, type Tensor } from '@axplain/core';
import { loadImage, loadModel, readPreprocessSpec, savePng } from '@axplain/node';

const root = new URL('..', import.meta.url).pathname;
const outDir = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : `${root}out/demo`;
const MODELS = [['standard', 'models/mnist-standard/model.onnx'], ['robust', 'models/mnist-pgd-linf/model.onnx']] as const;
const DIGITS = [3, 7];
const t0 = performance.now();
const cells: { image: ReturnType<typeof modelView>; title: string }[] = [];
for (const [label, path] of MODELS) {
  const model = await loadModel(`${root}${path}`);
  const spec = (await readPreprocessSpec(`${root}${path}`))!;
  try {
    for (const d of DIGITS) {
      const image = await loadImage(`${root}models/samples/mnist/digit-${d}.png`);
      const x = preprocess([image], spec);
      const p = softmax(await model.logits(x)).data;
      const pred = p.indexOf(Math.max(...p));
      const ig = await integratedGradients(model, x, { steps: 64 });
      const runs: [string, Tensor][] = [
        ['saliency', (await saliency(model, x)).attribution],
        ['ig', ig.attribution],
        ['smoothgrad', (await smoothGrad(model, x, { samples: 32, seed: 0 })).attribution],
        ['big', (await boundaryIntegratedGradients(model, x)).attribution],
      ];
      const view = modelView(image, spec);
      cells.push({ image: resizeImage(view, 224, 224, { method: 'nearest' }), title: `${label} ${pred} ${p[pred]!.toFixed(2)}` });
      for (const [m, a] of runs) cells.push({ image: renderAttribution({ attribution: a, input: image, spec, mode: 'overlay' }), title: m });
      const gap = Math.abs(ig.delta[0]!) / Math.max(Math.abs(ig.inputScores[0]! - ig.baselineScores[0]!), 1e-12);
      process.stdout.write(`${label.padEnd(8)} digit ${d}: predicted ${pred} (p = ${p[pred]!.toFixed(3)}), IG completeness gap ${(100 * gap).toFixed(2)}%\n`);
    }
  } finally {
    await model.dispose();
  }
}
const picture = grid(cells, { columns: 5 });
await savePng(picture, `${outDir}/gallery.png`);
process.stdout.write(`wrote ${outDir}/gallery.png (${picture.width}x${picture.height}): rows = model x digit, columns = input, saliency, IG, SmoothGrad, BIG\ntime ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
