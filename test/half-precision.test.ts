/**
 * A real float16 model (SqueezeNet 1.0, Caffe conversion, IR 3 / opset 7, ../shared/models/imagenet)
 * behind the adapter's float32 interface: predictions on real photographs, and gradients that
 * match finite differences of the model's own logits at half-precision tolerance.
 */
import { loadImageTensor, loadModel, type OnnxGradientModel } from '@axplain/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDir, sharedPath } from './support/shared.js';

const CAFFE = { width: 224, height: 224, channels: 'bgr', scale: 1, mean: [103.94, 116.78, 123.68], std: [1, 1, 1], resize: 'shorter-side', shorterSide: 256 } as const;
const imagenet = sharedDir('float16 SqueezeNet tests', 'models/imagenet', 'data/imagenet-sample');
const TENCH = sharedPath('data/imagenet-sample/000_n01440764_tench.JPEG');
let model: OnnxGradientModel;

imagenet.describe('float16 SqueezeNet through the float32 adapter', () => {
  beforeAll(async () => { model = await loadModel(imagenet.file('squeezenet1.0-fp16.onnx')); });
  afterAll(async () => { await model.dispose(); });

  it('reads the logits before the final Softmax and classifies a tench as class 0', async () => {
    expect(model.inputName).toBe('data_0');
    expect(model.outputNote).toMatch(/ends in Softmax/);
    expect(model.classes).toBe(1000);
    const x = await loadImageTensor([TENCH], CAFFE);
    const z = (await model.logits(x)).data;
    expect(z.indexOf(Math.max(...z))).toBe(0);
  });

  it('the gradient of the top logit matches central differences along it (half precision)', async () => {
    const x = await loadImageTensor([TENCH], CAFFE);
    const ct = { data: new Float32Array(1000), shape: [1, 1000] };
    ct.data[0] = 1;
    const { grad } = await model.vjp(x, ct);
    let gn = 0;
    for (const v of grad.data) gn += v * v;
    gn = Math.sqrt(gn);
    expect(gn).toBeGreaterThan(0);
    // Step along the gradient direction: f(x + h v) - f(x - h v) ~ 2 h |g|. Pixel units are 0..255,
    // so h of a few units is small; float16 rounding needs it that large.
    const h = 2;
    const at = async (s: number) => (await model.logits({ data: x.data.map((v, i) => v + (s * h * grad.data[i]!) / gn), shape: x.shape })).data[0]!;
    const fd = ((await at(1)) - (await at(-1))) / (2 * h);
    expect(Math.abs(fd - gn) / gn).toBeLessThan(0.1);
  });
});
