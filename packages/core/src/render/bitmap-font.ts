/**
 * A 3x5 pixel font for titles in image grids, so rendering text needs no font files. Each glyph
 * is five rows of three bits written as octal digits (4 = left pixel, 2 = middle, 1 = right).
 * Lower case renders as upper case; characters without a glyph render as '?'.
 */
import { checkColor, type Color, type RgbaImage } from '../image/rgba-image.js';
import { checkInteger } from '../validate.js';

const GLYPHS: Readonly<Record<string, string>> = {
  A: '25755', B: '65656', C: '34443', D: '65556', E: '74647', F: '74644', G: '34553', H: '55755', I: '72227',
  J: '11152', K: '55655', L: '44447', M: '57755', N: '65555', O: '25552', P: '65644', Q: '25563', R: '65655',
  S: '34216', T: '72222', U: '55557', V: '55552', W: '55775', X: '55255', Y: '55222', Z: '71247',
  '0': '75557', '1': '26227', '2': '61247', '3': '61216', '4': '55711', '5': '74616', '6': '34757', '7': '71222',
  '8': '75757', '9': '75716', ' ': '00000', '.': '00002', ',': '00024', ':': '02020', '-': '00700', '+': '02720',
  '=': '07070', '(': '12221', ')': '42224', '/': '11244', '%': '51245', _: '00007', "'": '22000', '!': '22202',
  '?': '61202', '<': '12421', '>': '42124', '[': '32223', ']': '62226', '#': '57575', '*': '05250', '|': '22222',
};

/** Glyph size and advance, in font pixels (multiply by the scale). */
export const FONT = Object.freeze({ glyphWidth: 3, glyphHeight: 5, advance: 4 });

/** Width in pixels of `text` drawn at `scale` (no trailing gap). */
export const textWidth = (text: string, scale = 1): number => {
  const n = [...text].length;
  return n ? (n * FONT.advance - 1) * scale : 0;
};

/** The longest prefix of `text` that fits in `width` pixels at `scale`. */
export function fitText(text: string, width: number, scale = 1): string {
  const n = Math.max(0, Math.floor((width / scale + 1) / FONT.advance));
  return [...text].slice(0, n).join('');
}

/**
 * Draws `text` into `image` in place, top-left corner at (x, y), each font pixel a
 * `scale` x `scale` block; pixels outside the image are skipped.
 * @example drawText(img, 'IG 0.93', 2, 2, [0, 0, 0], 2)
 * @param scale - integer magnification. @defaultValue 1
 */
export function drawText(image: RgbaImage, text: string, x: number, y: number, color: Color, scale = 1): void {
  checkInteger('scale', scale, { min: 1 });
  const [r, g, b, a] = checkColor(color, 'color');
  const { width, height, data } = image;
  [...text].forEach((ch, n) => {
    const rows = GLYPHS[ch.toUpperCase()] ?? GLYPHS['?']!;
    for (let gy = 0; gy < FONT.glyphHeight; gy++) {
      const bits = Number(rows[gy]);
      for (let gx = 0; gx < FONT.glyphWidth; gx++) {
        if (!(bits & (4 >> gx))) continue;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const px = x + (n * FONT.advance + gx) * scale + dx, py = y + gy * scale + dy;
            if (px < 0 || py < 0 || px >= width || py >= height) continue;
            const o = 4 * (py * width + px);
            data[o] = r; data[o + 1] = g; data[o + 2] = b; data[o + 3] = a;
          }
      }
    }
  });
}
