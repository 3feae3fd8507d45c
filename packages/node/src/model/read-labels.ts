/**
 * Class names for a model file: a labels file the user gives, else the `labels` field of a
 * `card.json` beside the model. (Names in the model's own metadata are read when it loads.)
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LabelsError, parseLabels } from '@axplain/core';

/**
 * The class names to load a model with, or undefined when neither source has any.
 * @example const labels = await readLabels('models/fashion-standard/model.onnx'); // from card.json, if it lists them
 */
export async function readLabels(modelPath: string | undefined, labelsFile?: string): Promise<string[] | undefined> {
  if (labelsFile !== undefined) {
    let text: string;
    try {
      text = await readFile(labelsFile, 'utf8');
    } catch (e) {
      throw new LabelsError(labelsFile, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(e as Error).message}`);
    }
    return parseLabels(text, labelsFile);
  }
  if (modelPath === undefined) return undefined;
  const card = join(dirname(modelPath), 'card.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(card, 'utf8'));
  } catch {
    return undefined; // no card (or not JSON: the preprocessing reader reports that)
  }
  const labels = (json as Record<string, unknown> | null)?.labels;
  return labels === undefined ? undefined : parseLabels(JSON.stringify(labels), `${card} (field 'labels')`);
}
