/**
 * vitest setup: let each test worker's event loop reach its poll phase between tests. The worker
 * answers the runner's RPC (60 s timeout, not configurable) only there; long runs of pure-TS
 * work resume through microtasks alone and would starve it on a loaded 2-core CI machine.
 */
import { afterEach } from 'vitest';

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(yieldToEventLoop);
