/**
 * Class names: read from a labels file's text or a model's metadata, checked against the number
 * of classes.
 */
import { AxplainError } from './errors.js';
import { IMAGENET_CLASSES } from './imagenet-classes.js';

/** A labels file or metadata entry that cannot be read as one name per class. */
export class LabelsError extends AxplainError {
  constructor(readonly source: string, problem: string) {
    super(`${source}: ${problem}`, 'LABELS');
  }
}

/**
 * Class names from text: a JSON array of strings, a JSON object from class index to name
 * (`{"0": "tench", ...}`, every index from 0 present), or one name per line (blank lines at the
 * end ignored). With `classes`, the count must match.
 * @example parseLabels('cat\ndog\n', 'labels.txt', 2) // ['cat', 'dog']
 */
export function parseLabels(text: string, source: string, classes?: number): string[] {
  const trimmed = text.trim();
  let names: string[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new LabelsError(source, `looks like JSON but does not parse (${(e as Error).message})`);
    }
    names = Array.isArray(json) ? fromArray(json, source) : fromObject(json as Record<string, unknown>, source);
  } else {
    names = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n');
  }
  if (names.length === 0 || (names.length === 1 && names[0] === '')) throw new LabelsError(source, 'holds no class names');
  if (classes !== undefined && names.length !== classes)
    throw new LabelsError(source, `has ${names.length} names but the model has ${classes} classes`);
  return names;
}

function fromArray(json: unknown[], source: string): string[] {
  const bad = json.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) throw new LabelsError(source, `entry ${bad} is ${JSON.stringify(json[bad])}, not a string`);
  return json as string[];
}

function fromObject(json: Record<string, unknown>, source: string): string[] {
  const keys = Object.keys(json);
  const names: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const v = json[String(i)];
    if (typeof v !== 'string') throw new LabelsError(source, `has no string name for class ${i} (an object must map every index 0..${keys.length - 1} to a name)`);
    names.push(v);
  }
  return names;
}

/** The `metadata_props` keys read as class names, in order of preference. */
export const LABEL_METADATA_KEYS: readonly string[] = Object.freeze(['labels', 'classes', 'class_names']);

/**
 * Class names a model carries in its metadata (`labels`, `classes` or `class_names`, in any of
 * parseLabels' forms), when their count is `classes`; undefined otherwise.
 * @example metadataLabels({ labels: '["cat", "dog"]' }, 2) // ['cat', 'dog']
 */
export function metadataLabels(props: Readonly<Record<string, string>>, classes: number): string[] | undefined {
  for (const key of LABEL_METADATA_KEYS) {
    const k = Object.keys(props).find((p) => p.toLowerCase() === key);
    if (k === undefined) continue;
    try {
      return parseLabels(props[k]!, `metadata '${k}'`, classes);
    } catch {
      // A key with another meaning (or another class count) is not the model's label list.
    }
  }
  return undefined;
}

/** Where a model's class names came from. */
export type LabelSource = 'given' | 'metadata' | 'imagenet';

/**
 * The class names a model is shown with: the ones given, else its metadata's, else ImageNet's
 * 1000 names for a 1000-class model (a default the caller can override by giving names).
 * @example chooseLabels(undefined, {}, 1000)?.labels[0] // 'tench' (source 'imagenet')
 */
export function chooseLabels(
  given: readonly string[] | undefined, metadata: Readonly<Record<string, string>>, classes: number,
): { labels: readonly string[]; source: LabelSource } | undefined {
  if (given) return { labels: given, source: 'given' };
  const meta = metadataLabels(metadata, classes);
  if (meta) return { labels: meta, source: 'metadata' };
  return classes === IMAGENET_CLASSES.length ? { labels: IMAGENET_CLASSES, source: 'imagenet' } : undefined;
}
