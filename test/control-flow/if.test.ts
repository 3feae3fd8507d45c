import { compile } from '@axplain/onnx';
import type { GraphProto } from '../../packages/onnx/src/proto.js';
import { gradCheck } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { twoStageDetector } from './models.js';

describe('If', () => {
  it('two-stage detector: captures in both branches, condition computed from the input', async () => {
    const model = twoStageDetector(3);
    const res = compile(model, { wrt: ['x', 'w2'] });
    expect(res.model.graph!.node!.filter((n) => n.opType === 'If')).toHaveLength(2);
    // The gradient graph, subgraphs included, holds default-domain ONNX ops only.
    const domains = new Set<string>();
    const walk = (g: GraphProto): void => {
      for (const n of g.node ?? []) {
        domains.add(n.domain ?? '');
        for (const a of n.attribute ?? []) if (a.g) walk(a.g);
      }
    };
    walk(res.model.graph!);
    expect([...domains]).toEqual(['']);
    // x w1 > 0 takes the verifier branch, x w1 < 0 the pass-through one.
    for (const xv of [[0.9, -0.4, 0.5, 0.2], [-0.9, 0.4, -0.5, 0.1]]) {
      const r = await gradCheck(model, { wrt: ['x', 'w2'], feeds: { x: Float32Array.from(xv) }, direction: 'gradient', randomDirections: 2, seed: 5 });
      expect(r.maxRelError, JSON.stringify(r.perWrt.map((p) => [p.name, p.checks.map((c) => [c.kind, c.analytic, c.numeric])]))).toBeLessThan(1e-2);
    }
  });
});
