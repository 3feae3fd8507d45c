import { EXPLANATION_METHOD_NAMES, ATTACK_NAMES } from '@axplain/core';
import { describe, expect, it } from 'vitest';
import { readParams } from '../demo/src/contract.js';
import { methodChoice, methodEntries } from '../demo/src/methods.js';
import { fileURLToPath } from 'node:url';
import { demoFiles, textModelNames } from '../build/demo-assets.js';

describe('the demo URL contract', () => {
  it('reads the parameters, with defaults left undefined', () => {
    expect(readParams('?model=mnist-standard&sample=mnist/digit-7&method=ig&ep=webgpu&target=3&run=1&steps=8&eps=0.1&threads=2')).toEqual({
      model: 'mnist-standard', sample: 'mnist/digit-7', method: 'ig', ep: 'webgpu', target: 3, steps: 8, eps: 0.1, threads: 2, run: true,
    });
    expect(readParams('?model=spam&text=Buy%20now%0Afree&run=1')).toMatchObject({ model: 'spam', text: 'Buy now\nfree', run: true });
    expect(readParams('?model=spam').text).toBeUndefined();
    expect(readParams('?target=predicted')).toMatchObject({ target: 'predicted', run: false, model: undefined, ep: undefined });
  });

  it('names a bad parameter and what it takes', () => {
    expect(() => readParams('?ep=cuda')).toThrow("ep: expected 'wasm' or 'webgpu', got 'cuda'");
    expect(() => readParams('?target=-1')).toThrow("target: expected a class index or 'predicted', got '-1'");
    expect(() => readParams('?steps=0')).toThrow("steps: expected a whole number >= 1, got '0'");
    expect(() => readParams('?eps=abc')).toThrow("eps: expected a number > 0, got 'abc'");
  });

  it("lists exactly the registry's methods and attacks, and resolves the CLI's names", () => {
    const entries = methodEntries().map((e) => e.value);
    expect(entries).toEqual([...EXPLANATION_METHOD_NAMES, ...ATTACK_NAMES.map((a) => `attack:${a}`)]);
    expect(methodChoice('fw').kind).toBe('explanation'); // the sparse counterfactual, as `axplain explain --method fw`
    expect(methodChoice('attack:fw').kind).toBe('attack');
    expect(methodChoice('pgd')).toMatchObject({ kind: 'attack', method: { name: 'pgd' } });
    expect(() => methodChoice('gradcam')).toThrow(/unknown method 'gradcam'; choose one of saliency, .*or an attack: fgsm/);
  });

  it('serves a text model\'s vocab.json beside its model and card, and lists the text models', () => {
    const models = fileURLToPath(new URL('../../../models', import.meta.url));
    expect(textModelNames(models)).toEqual(expect.arrayContaining(['spam', 'spam-rrr']));
    expect(textModelNames(models)).not.toContain('mnist-mlp');
    const files = demoFiles(models);
    for (const f of ['model.onnx', 'card.json', 'vocab.json']) expect(files.has(`models/spam/${f}`)).toBe(true);
    expect(files.has('models/mnist-mlp/vocab.json')).toBe(false);
  });
});
