/**
 * Full run (`pnpm test:full`, not in the default `pnpm test`): the zoo-light architectures' gradient
 * graphs on the WebGPU EP (SwiftShader) against the CPU EP. SwiftShader emulates the GPU on the
 * CPU; ResNet-50's forward alone takes ~30 s there.
 */
import { Rng } from '@axplain/node';
import { expect } from 'vitest';
import { loadShared, sharedDir } from '../support/shared.js';
import { compareEps, webgpu } from '../support/webgpu.js';
import { logitsOf, randomizeWeights, ZOO_LIGHT } from '../support/zoo.js';

const gpu = await webgpu('zoo-light architectures on the WebGPU EP');
const zoo = sharedDir('zoo-light architectures on the WebGPU EP', 'models/zoo-light');

gpu.describe('WebGPU EP on zoo-light architectures', () => {
  for (const name of ZOO_LIGHT)
    zoo.it(name, async () => {
      const model = randomizeWeights(loadShared(`models/zoo-light/${name}.onnx`), 7);
      const x = new Rng(1).fillUniform(3 * 224 * 224, 0, 1);
      const input = model.graph!.input!.find((i) => !model.graph!.initializer!.some((t) => t.name === i.name))!.name!;
      const [r] = await compareEps(model, { [input]: x }, { [input]: [1, 3, 224, 224] }, logitsOf(model));
      expect(r!.diff).toBeLessThan(2e-3);
    }, 600_000);
});
