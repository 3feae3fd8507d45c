/**
 * Where onnxruntime actually ran each kernel. An EP that starts may still hand the nodes it does
 * not implement to the CPU without a word; onnxruntime-node has no API for the placement, but
 * its profiler records the provider of every kernel run. This runs the model once with profiling
 * on and counts kernels per provider.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdapterSessionOptions, createSession, type ExecutionProviderConfig, type FloatArray, type NodePlacement, runFloat, type TypedFeed } from '@axplain/ort';
import { nodeRuntime } from './node-runtime.js';

export type { NodePlacement };

interface ProfileEvent {
  cat?: string;
  name?: string;
  args?: { provider?: string };
}

/**
 * Counts the kernels of one run of `bytes` on `ep` per provider, from onnxruntime's profile.
 * @example await measurePlacement(bytes, 'webgpu', {}, { x: { data, dims: [1, 4] } }) // { WebGpuExecutionProvider: 3 }
 */
export async function measurePlacement(
  bytes: Uint8Array, ep: ExecutionProviderConfig, options: AdapterSessionOptions, feeds: Record<string, FloatArray | TypedFeed>,
): Promise<NodePlacement> {
  const dir = mkdtempSync(join(tmpdir(), 'axplain-profile-'));
  try {
    const session = await createSession(nodeRuntime, bytes, ep, { ...options, enableProfiling: true, profileFilePrefix: join(dir, 'profile') });
    try {
      await runFloat(nodeRuntime, session, feeds, session.outputNames);
      session.endProfiling();
    } finally {
      await session.release();
    }
    const counts: Record<string, number> = {};
    const seen = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
      for (const e of events) {
        // One `<node>_kernel_time` event per kernel run; fence events carry no new placement.
        if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || !e.args?.provider || seen.has(e.name)) continue;
        seen.add(e.name);
        counts[e.args.provider] = (counts[e.args.provider] ?? 0) + 1;
      }
    }
    return Object.freeze(counts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
