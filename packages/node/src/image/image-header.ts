/**
 * The dimensions a PNG (IHDR) or JPEG (SOFn) declares, read from the header before decoding, so
 * that a file declaring an empty or enormous image is refused up front instead of sending the
 * decoder into a minutes-long loop or a multi-gigabyte allocation.
 */

/** Width and height the header declares, or undefined when it cannot be read (the decoder then reports). */
export function declaredSize(bytes: Uint8Array, format: 'png' | 'jpeg'): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    // Signature (8), IHDR length (4) and type (4), then width and height (big-endian).
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!;
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) { i += 2; continue; } // no length
    if (marker === 0xda || marker === 0xd9) return undefined; // scan data before any frame header
    const length = view.getUint16(i + 2);
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) return i + 9 <= bytes.length ? { height: view.getUint16(i + 5), width: view.getUint16(i + 7) } : undefined;
    i += 2 + length;
  }
  return undefined;
}
