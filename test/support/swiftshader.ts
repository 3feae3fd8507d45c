/**
 * SwiftShader (Chromium's software Vulkan) for onnxruntime-node's WebGPU EP on machines without a
 * GPU; no vitest import, so benchmarks use it too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const LIB = '/usr/lib/chromium/libvk_swiftshader.so';

/** Points VK_ICD_FILENAMES at SwiftShader; a reason string when its files are missing. */
export function setupSwiftShader(): { ok: true } | { ok: false; reason: string } {
  if (process.env.VK_ICD_FILENAMES && existsSync(process.env.VK_ICD_FILENAMES)) return { ok: true };
  if (!existsSync(ICD) || !existsSync(LIB))
    return { ok: false, reason: `SwiftShader Vulkan ICD not found (${ICD}); install it with: apt-get install -y chromium libvulkan1` };
  const icd = JSON.parse(readFileSync(ICD, 'utf8')) as { ICD: { library_path: string } };
  icd.ICD.library_path = LIB;
  const dir = join(tmpdir(), 'axplain-vk');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'vk_swiftshader_icd.json');
  writeFileSync(file, JSON.stringify(icd));
  process.env.VK_ICD_FILENAMES = file;
  process.env.XDG_RUNTIME_DIR ??= dir;
  return { ok: true };
}

