/**
 * The browser's compile cache: compiled gradient graphs in IndexedDB, keyed by the SHA-256 of
 * the model bytes, the compile options and the compiler's identity, so a model compiles once per
 * browser. An entry whose bytes do not match their recorded hash is ignored and rewritten.
 */
import { supportedOps } from '@axplain/onnx';
import { type CacheReport, COMPILER_VERSION_TAG, type CompiledGradient, type CompileOutcome, type GradientCompileOptions } from '@axplain/ort';

/** Bumped when the entry layout changes. */
const CACHE_FORMAT = 1;

/** A stored compiled graph: the compile result and the SHA-256 of its bytes. */
export interface StoredGraph extends CompiledGradient {
  sha256: string;
}

/** Where compiled graphs are kept (IndexedDB by default; tests pass a Map). */
export interface CompiledGraphStore {
  /** A name for messages and `model.cache.path`. */
  readonly name: string;
  get(key: string): Promise<StoredGraph | undefined>;
  put(key: string, entry: StoredGraph): Promise<void>;
}

/** Hex SHA-256 with the platform's Web Crypto. */
export async function sha256Hex(...parts: (string | Uint8Array)[]): Promise<string> {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The cache key of a model and its compile options. */
export async function webCacheKey(modelBytes: Uint8Array, options: GradientCompileOptions): Promise<string> {
  const head = JSON.stringify({ format: CACHE_FORMAT, compiler: COMPILER_VERSION_TAG, ops: supportedOps().join(','), wrt: [options.wrt], of: options.of, portable: options.portable ?? false });
  return sha256Hex(head, '\0', modelBytes);
}

const DB = 'axplain', STORE = 'compiled-gradients';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The IndexedDB store (database 'axplain', object store 'compiled-gradients'); `undefined` where
 * the page has no IndexedDB.
 */
export function indexedDbStore(): CompiledGraphStore | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return db;
  };
  return {
    name: `indexeddb:${DB}/${STORE}`,
    async get(key) {
      const d = await open();
      return (await request(d.transaction(STORE, 'readonly').objectStore(STORE).get(key))) as StoredGraph | undefined;
    },
    async put(key, entry) {
      const d = await open();
      await request(d.transaction(STORE, 'readwrite').objectStore(STORE).put(entry, key));
    },
  };
}

/** Why a stored entry cannot be used; `undefined` when it verifies. */
async function verify(entry: unknown): Promise<string | undefined> {
  const e = entry as Partial<StoredGraph> | null;
  if (typeof e !== 'object' || e === null || !(e.bytes instanceof Uint8Array)) return 'the entry holds no graph bytes';
  if (typeof e.cotangentInput !== 'string' || typeof e.gradOutput !== 'string' || typeof e.sha256 !== 'string') return "the entry lacks the compile result's names";
  if ((await sha256Hex(e.bytes)) !== e.sha256) return 'the graph bytes do not match their recorded SHA-256';
  return undefined;
}

/**
 * The compiled gradient of `modelBytes`, from `store` when it holds a verified entry, else
 * compiled by `compile` and stored (a failed write is reported, the model still loads).
 * @example const { compiled, cache } = await compileWithStore(bytes, { wrt: 'input', of: 'logits' }, indexedDbStore(), compileInWorker);
 */
export async function compileWithStore(
  modelBytes: Uint8Array, options: GradientCompileOptions, store: CompiledGraphStore | undefined,
  compile: (bytes: Uint8Array, options: GradientCompileOptions) => Promise<CompiledGradient>,
): Promise<CompileOutcome> {
  if (!store) return { compiled: await compile(modelBytes, options), cache: { status: 'off' } };
  const key = await webCacheKey(modelBytes, options);
  const path = `${store.name}/${key.slice(0, 16)}`;
  let found: unknown, corrupt: string | undefined;
  try {
    found = await store.get(key);
  } catch (e) {
    corrupt = `the store could not be read (${(e as Error).message})`;
  }
  if (found !== undefined && corrupt === undefined) {
    corrupt = await verify(found);
    if (!corrupt) {
      const { sha256: _, ...compiled } = found as StoredGraph;
      return { compiled, cache: { status: 'hit', path } };
    }
  }
  const compiled = await compile(modelBytes, options);
  const cache: CacheReport = corrupt ? { status: 'corrupt', path, reason: corrupt } : { status: 'miss', path };
  try {
    await store.put(key, { ...compiled, sha256: await sha256Hex(compiled.bytes) });
  } catch (e) {
    cache.writeError = (e as Error).message;
  }
  return { compiled, cache };
}
