/**
 * WebGPU for tests on machines without a GPU: onnxruntime-node's WebGPU EP runs on SwiftShader
 * (Chromium's software Vulkan) when VK_ICD_FILENAMES points at an ICD file whose library path is
 * absolute. Returns a reason string when it cannot be set up, so tests can skip with a log line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const LIB = '/usr/lib/chromium/libvk_swiftshader.so';

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
