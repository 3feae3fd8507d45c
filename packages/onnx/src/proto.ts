/**
 * Reading and writing ONNX protobufs (via onnx-proto), plus small typed accessors for tensors
 * and attributes. Int64 fields arrive as `Long`; everything here hands out plain numbers.
 */
import onnxProto from 'onnx-proto';
import { ModelFormatError } from './errors.js';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** ONNX element types used by axplain. */
export const DT = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16,
} as const;

export const isFloatType = (t: number): boolean =>
  t === DT.FLOAT || t === DT.FLOAT16 || t === DT.DOUBLE || t === DT.BFLOAT16;

/** Converts a protobuf int64 (number or Long) to a JS number. */
export function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

/** Decodes an ONNX model; rejects external data with a clear message. */
export function decodeModel(bytes: Uint8Array, source = 'model'): ModelProto {
  let m: ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ModelFormatError(`${source}: not a valid ONNX ModelProto (${(e as Error).message})`, { cause: e });
  }
  if (!m.graph) throw new ModelFormatError(`${source}: the ModelProto has no graph`);
  for (const t of m.graph.initializer ?? []) {
    if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0)
      throw new ModelFormatError(
        `${source}: initializer '${t.name}' uses external data, which is not supported yet; ` +
          're-save the model with all tensors inside the .onnx file (onnx.save(model, path, save_as_external_data=False))',
      );
  }
  return m;
}

export function encodeModel(m: onnxProto.onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(m).finish();
}

/** Opset version of the default ONNX domain. */
export function defaultOpset(m: onnxProto.onnx.IModelProto): number {
  for (const o of m.opsetImport ?? []) if (!o.domain || o.domain === 'ai.onnx') return toNum(o.version);
  return 1;
}

/**
 * A model's `metadata_props` as key -> value (a repeated key keeps its last value).
 * @example metadataOf(decodeModel(bytes))['Image.BitmapPixelFormat'] // 'Rgb8' or undefined
 */
export function metadataOf(m: onnxProto.onnx.IModelProto): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of m.metadataProps ?? []) if (p.key) out[p.key] = p.value ?? '';
  return out;
}

/** Bytes per element of the types `tensorValues` reads from raw data. */
const RAW_ELEMENT_BYTES: Record<number, number> = {
  [DT.FLOAT]: 4, [DT.DOUBLE]: 8, [DT.INT64]: 8, [DT.UINT64]: 8, [DT.INT32]: 4, [DT.UINT32]: 4, [DT.INT16]: 2, [DT.UINT16]: 2,
  [DT.INT8]: 1, [DT.UINT8]: 1, [DT.BOOL]: 1, [DT.FLOAT16]: 2,
};

/** Decodes a tensor's values as numbers (int64 included; ok for sizes < 2^53); raw data too short for its dims is a ModelFormatError. */
export function tensorValues(t: TensorProto): number[] {
  const dt = t.dataType ?? 0;
  const n = (t.dims ?? []).map(toNum).reduce((a, b) => a * b, 1);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    const size = RAW_ELEMENT_BYTES[dt];
    if (size !== undefined && raw.byteLength < n * size)
      throw new ModelFormatError(`tensor '${t.name}': its raw data holds ${raw.byteLength} bytes, but element type ${dt} with dims [${(t.dims ?? []).map(toNum).join(', ')}] needs ${n * size}`);
    const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    const dv = new DataView(buf);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      switch (dt) {
        case DT.FLOAT: out[i] = dv.getFloat32(i * 4, true); break;
        case DT.DOUBLE: out[i] = dv.getFloat64(i * 8, true); break;
        case DT.INT64: out[i] = Number(dv.getBigInt64(i * 8, true)); break;
        case DT.UINT64: out[i] = Number(dv.getBigUint64(i * 8, true)); break;
        case DT.INT32: out[i] = dv.getInt32(i * 4, true); break;
        case DT.UINT32: out[i] = dv.getUint32(i * 4, true); break;
        case DT.INT16: out[i] = dv.getInt16(i * 2, true); break;
        case DT.UINT16: out[i] = dv.getUint16(i * 2, true); break;
        case DT.INT8: out[i] = dv.getInt8(i); break;
        case DT.UINT8: case DT.BOOL: out[i] = dv.getUint8(i); break;
        case DT.FLOAT16: out[i] = halfToFloat(dv.getUint16(i * 2, true)); break;
        default: throw new ModelFormatError(`tensor '${t.name}': element type ${dt} cannot be read`);
      }
    }
    return out;
  }
  switch (dt) {
    case DT.FLOAT: return [...(t.floatData ?? [])];
    case DT.DOUBLE: return [...(t.doubleData ?? [])];
    case DT.INT64: return (t.int64Data ?? []).map(toNum);
    case DT.UINT64: case DT.UINT32: return (t.uint64Data ?? []).map(toNum);
    case DT.FLOAT16: return (t.int32Data ?? []).map(halfToFloat);
    default: return [...(t.int32Data ?? [])];
  }
}

export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

export function floatToHalf(v: number): number {
  const f32 = new Float32Array([v]);
  const x = new Uint32Array(f32.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const e = ((x >>> 23) & 0xff) - 127 + 15;
  const m = x & 0x7fffff;
  if (((x >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (m ? 0x200 : 0);
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const mm = (m | 0x800000) >> (1 - e);
    return sign | ((mm + 0x1000) >> 13);
  }
  return sign | (e << 10) | ((m + 0x1000) >> 13);
}

const INT64_MAX = 2n ** 63n - 1n;
/**
 * A number as int64, saturating: INT64_MAX read as a JS number is 2^63, which BigInt64Array would
 * wrap to INT64_MIN (a Slice end of "to the end" would become an empty slice).
 */
function int64Of(v: number): bigint {
  const b = BigInt(Math.trunc(v));
  return b > INT64_MAX ? INT64_MAX : b < -INT64_MAX - 1n ? -INT64_MAX - 1n : b;
}

/** Builds a TensorProto with raw little-endian data. */
export function makeTensor(name: string, dataType: number, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  const n = values.length;
  let raw: Uint8Array;
  switch (dataType) {
    case DT.FLOAT: raw = new Uint8Array(Float32Array.from(values).buffer); break;
    case DT.DOUBLE: raw = new Uint8Array(Float64Array.from(values).buffer); break;
    case DT.INT64: raw = new Uint8Array(BigInt64Array.from(Array.from(values, int64Of)).buffer); break;
    case DT.INT32: raw = new Uint8Array(Int32Array.from(values).buffer); break;
    case DT.BOOL: case DT.UINT8: raw = Uint8Array.from(values); break;
    case DT.INT8: raw = new Uint8Array(Int8Array.from(values).buffer); break;
    case DT.FLOAT16: raw = new Uint8Array(Uint16Array.from(Array.from(values, floatToHalf)).buffer); break;
    default: throw new RangeError(`makeTensor: element type ${dataType} not supported`);
  }
  if (dims.reduce((a, b) => a * b, 1) !== n) throw new RangeError(`makeTensor '${name}': ${n} values for dims [${dims}]`);
  return { name, dataType, dims: [...dims], rawData: raw };
}

// ---- attributes -------------------------------------------------------------------------------

const AT = onnxProto.onnx.AttributeProto.AttributeType;

export function findAttr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}
export function attrInt(node: NodeProto, name: string, dflt: number): number;
export function attrInt(node: NodeProto, name: string): number | undefined;
export function attrInt(node: NodeProto, name: string, dflt?: number): number | undefined {
  const a = findAttr(node, name);
  return a ? toNum(a.i) : dflt;
}
export function attrFloat(node: NodeProto, name: string, dflt: number): number;
export function attrFloat(node: NodeProto, name: string): number | undefined;
export function attrFloat(node: NodeProto, name: string, dflt?: number): number | undefined {
  const a = findAttr(node, name);
  return a ? (a.f ?? 0) : dflt;
}
export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = findAttr(node, name);
  return a ? (a.ints ?? []).map(toNum) : undefined;
}
export function attrFloats(node: NodeProto, name: string): number[] | undefined {
  const a = findAttr(node, name);
  return a ? [...(a.floats ?? [])] : undefined;
}
export function attrString(node: NodeProto, name: string, dflt: string): string;
export function attrString(node: NodeProto, name: string): string | undefined;
export function attrString(node: NodeProto, name: string, dflt?: string): string | undefined {
  const a = findAttr(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : a ? '' : dflt;
}
export function attrTensor(node: NodeProto, name: string): TensorProto | undefined {
  return findAttr(node, name)?.t ?? undefined;
}

/** Attribute values accepted by the emitters: numbers are ints unless wrapped with {f}. */
export type AttrValue = number | number[] | string | { f: number } | { floats: number[] } | { graph: GraphProto } | TensorProto;

export function makeAttr(name: string, v: AttrValue): AttributeProto {
  if (typeof v === 'number') return { name, type: AT.INT, i: v };
  if (typeof v === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AT.INTS, ints: v };
  if ('f' in v && typeof v.f === 'number') return { name, type: AT.FLOAT, f: v.f };
  if ('floats' in v) return { name, type: AT.FLOATS, floats: v.floats };
  if ('graph' in v) return { name, type: AT.GRAPH, g: v.graph };
  return { name, type: AT.TENSOR, t: v as TensorProto };
}
