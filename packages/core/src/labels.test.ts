import { describe, expect, it } from 'vitest';
import { LabelsError, metadataLabels, parseLabels } from './labels.js';

describe('class names', () => {
  it('reads one name per line, a JSON array, or a JSON object from index to name', () => {
    expect(parseLabels('tench\r\ngoldfish\n\n', 'l.txt')).toEqual(['tench', 'goldfish']);
    expect(parseLabels(' ["a", "b c"] ', 'l.json', 2)).toEqual(['a', 'b c']);
    expect(parseLabels('{"1": "dog", "0": "cat"}', 'l.json')).toEqual(['cat', 'dog']);
  });

  it('names the file and the problem', () => {
    expect(() => parseLabels('a\nb\n', 'l.txt', 3)).toThrow(new LabelsError('l.txt', 'has 2 names but the model has 3 classes'));
    expect(() => parseLabels('[1, "b"]', 'l.json')).toThrow('l.json: entry 0 is 1, not a string');
    expect(() => parseLabels('{"0": "a", "2": "c"}', 'l.json')).toThrow(/no string name for class 1/);
    expect(() => parseLabels('[oops', 'l.json')).toThrow(/looks like JSON but does not parse/);
    expect(() => parseLabels('\n', 'l.txt')).toThrow('l.txt: holds no class names');
  });

  it('takes metadata labels only when their count is the class count', () => {
    expect(metadataLabels({ Labels: '["cat", "dog"]' }, 2)).toEqual(['cat', 'dog']);
    expect(metadataLabels({ classes: 'x\ny\nz' }, 2)).toBeUndefined();
    expect(metadataLabels({ producer: 'torch' }, 2)).toBeUndefined();
  });
});
