import { describe, expect, it } from 'vitest';
import { ExecutionProviderError, UnknownExecutionProviderError } from './errors.js';
import {
  availableExecutionProviders, checkExecutionProviders, EXECUTION_PROVIDERS_BY_PLATFORM, executionProvidersFor,
  KNOWN_EXECUTION_PROVIDERS, startFailureReason, unavailableReason,
} from './execution-providers.js';

describe('the frozen EP table (onnxruntime-node 1.30)', () => {
  it('lists what each platform ships and cannot be changed', () => {
    expect(executionProvidersFor('linux', 'x64')).toEqual(['cpu', 'webgpu', 'cuda', 'tensorrt']);
    expect(executionProvidersFor('linux', 'arm64')).toEqual(['cpu']);
    expect(executionProvidersFor('win32', 'x64')).toEqual(['cpu', 'webgpu', 'dml']);
    expect(executionProvidersFor('darwin', 'arm64')).toEqual(['cpu', 'webgpu', 'coreml']);
    // 1.30 ships no macOS x64 binary.
    expect(executionProvidersFor('darwin', 'x64')).toEqual([]);
    expect(Object.isFrozen(EXECUTION_PROVIDERS_BY_PLATFORM)).toBe(true);
    expect(Object.values(EXECUTION_PROVIDERS_BY_PLATFORM).every(Object.isFrozen)).toBe(true);
    expect(() => (executionProvidersFor('linux', 'x64') as string[]).push('rocm')).toThrow(TypeError);
  });

  it('every EP in the table is a known name, and the known names are exactly the table union', () => {
    const union = new Set(Object.values(EXECUTION_PROVIDERS_BY_PLATFORM).flat());
    expect([...union].sort()).toEqual([...KNOWN_EXECUTION_PROVIDERS].sort());
  });

  it('agrees with the installed binary on this platform', () => {
    const here = availableExecutionProviders().map((b) => b.name);
    expect(here).toContain('cpu');
    expect([...here].sort()).toEqual([...executionProvidersFor()].sort());
    expect(availableExecutionProviders().find((b) => b.name === 'cpu')!.bundled).toBe(true);
  });
});

describe('checkExecutionProviders', () => {
  it('passes names and { name, ...options } objects through unchanged', () => {
    const eps = ['cuda', { name: 'webgpu', preferredLayout: 'NHWC' as const }, 'cpu'];
    expect(checkExecutionProviders(eps)).toBe(eps);
  });

  it('rejects an empty or malformed list with a TypeError naming the option', () => {
    expect(() => checkExecutionProviders([])).toThrow(/executionProviders: expected a non-empty array/);
    expect(() => checkExecutionProviders('cpu')).toThrow(TypeError);
    expect(() => checkExecutionProviders([{ deviceId: 0 }])).toThrow(/each entry must be an EP name/);
  });

  it('rejects an unknown name listing the known ones, with a hint where one helps', () => {
    const err = (name: string) => {
      try {
        checkExecutionProviders(['cpu', name]);
      } catch (e) {
        return e as UnknownExecutionProviderError;
      }
      throw new Error(`${name} accepted`);
    };
    const foo = err('foo');
    expect(foo).toBeInstanceOf(UnknownExecutionProviderError);
    expect(foo.code).toBe('UNKNOWN_EXECUTION_PROVIDER');
    expect(foo.providerName).toBe('foo');
    expect(foo.message).toContain("unknown execution provider 'foo'");
    expect(foo.message).toContain('cpu, webgpu, cuda, tensorrt, dml, coreml');
    expect(err('CUDAExecutionProvider').message).toContain("did you mean 'cuda'?");
    expect(err('DirectML').message).toContain("did you mean 'dml'?");
    expect(err('wasm').message).toContain('onnxruntime-web');
    expect(err('qnn').message).toContain('prebuilt binaries');
  });
});

describe('EP availability and start-up reasons', () => {
  it('an EP the binary registers has no up-front reason; one it lacks names the platform and where it ships', () => {
    expect(unavailableReason('cpu')).toBeUndefined();
    const here = availableExecutionProviders().map((b) => b.name);
    const missing = KNOWN_EXECUTION_PROVIDERS.find((n) => !here.includes(n))!;
    const reason = unavailableReason(missing)!;
    expect(reason).toContain(`on ${process.platform}/${process.arch}`);
    expect(reason).toContain(`it offers ${here.join(', ')}`);
    const ships = Object.entries(EXECUTION_PROVIDERS_BY_PLATFORM).filter(([, e]) => (e as readonly string[]).includes(missing)).map(([p]) => p);
    expect(reason).toContain(`ships for ${ships.join(', ')}`);
  });

  it("adds what the EP needs to onnxruntime's message when libraries or adapters are missing, else keeps it as is", () => {
    const cuda = startFailureReason('cuda', new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library'));
    expect(cuda).toMatch(/^OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library; the 'cuda' EP needs an NVIDIA GPU, CUDA 12/);
    const gpu = startFailureReason('webgpu', new Error('webgpu_context.cc:136 ... Failed to get a WebGPU adapter: No supported adapters\n'));
    expect(gpu).toContain("the 'webgpu' EP needs a GPU adapter");
    expect(startFailureReason('cpu', new Error('  Load model failed:\n bad  '))).toBe('Load model failed: bad');
  });
});

describe('ExecutionProviderError', () => {
  it('lists each failure and says what to do next, depending on whether the CPU failed too', () => {
    const gpuOnly = new ExecutionProviderError([{ name: 'webgpu', reason: 'No supported adapters' }], ['cpu', 'webgpu']);
    expect(gpuOnly.message).toBe(
      `execution provider 'webgpu' could not start: No supported adapters\n(onnxruntime-node on ${process.platform}/${process.arch} offers: cpu, webgpu; add 'cpu' at the end of executionProviders to fall back to the CPU)`,
    );
    const both = new ExecutionProviderError([{ name: 'webgpu', reason: 'a' }, { name: 'cpu', reason: 'b' }], ['cpu', 'webgpu']);
    expect(both.message.split('\n').slice(0, 3)).toEqual(['none of the execution providers could start:', "  - 'webgpu': a", "  - 'cpu': b"]);
    expect(both.message).toContain('the CPU EP failed too, so the model itself may not run on this onnxruntime');
  });
});
