import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../src/paths';

/**
 * Draws the Teams app icons: three stacked building blocks, white. The committed PNGs in appPackage/
 * come from here, so a change of design is a change of code that anyone can rerun:
 * `npm run -s build && node dist/scripts/makeIcons.js`.
 */

/** Calm teal, the same as the manifest's accentColor, so the icon and Teams' tile match. */
export const TEAL = { r: 0x0f, g: 0x76, b: 0x6e };

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The three blocks (two on the bottom, one centred on top), as pixel boxes for a given layout. */
function blocks(x0: number, y0: number, w: number, h: number, gap: number): Box[] {
  const top = { x: x0 + (w + gap) / 2, y: y0, w, h };
  return [top, { x: x0, y: y0 + h + gap, w, h }, { x: x0 + w + gap, y: y0 + h + gap, w, h }];
}

function insideRoundedBox(px: number, py: number, b: Box, radius: number): boolean {
  if (px < b.x || px >= b.x + b.w || py < b.y || py >= b.y + b.h) return false;
  const cx = Math.min(Math.max(px, b.x + radius), b.x + b.w - radius);
  const cy = Math.min(Math.max(py, b.y + radius), b.y + b.h - radius);
  return (px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2;
}

const SAMPLES = 8;

/** Share (0 to 1) of the pixel covered by the motif, by supersampling: smooth corners without a canvas. */
function coverage(x: number, y: number, boxes: readonly Box[], radius: number): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++)
    for (let sx = 0; sx < SAMPLES; sx++) {
      const px = x + (sx + 0.5) / SAMPLES;
      const py = y + (sy + 0.5) / SAMPLES;
      if (boxes.some((b) => insideRoundedBox(px, py, b, radius))) hits++;
    }
  return hits / (SAMPLES * SAMPLES);
}

function paint(size: number, pixel: (x: number, y: number) => [number, number, number, number]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const [r, g, b, a] = pixel(x, y);
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  return png;
}

/**
 * 192x192, opaque teal, the motif inside the central area Teams keeps clear of its own rounded
 * mask. The background fills the square: Teams rounds the corners itself.
 */
export function renderColorIcon(): PNG {
  const boxes = blocks(40, 52, 52, 40, 8);
  return paint(192, (x, y) => {
    const c = coverage(x, y, boxes, 8);
    const mix = (channel: number): number => Math.round(channel + (255 - channel) * c);
    return [mix(TEAL.r), mix(TEAL.g), mix(TEAL.b), 255];
  });
}

/**
 * 32x32, white on transparent, as Teams requires of the outline icon. Edges go soft through alpha
 * only, never through grey, so every pixel stays white. Whole-pixel block edges keep it crisp.
 */
export function renderOutlineIcon(): PNG {
  const boxes = blocks(3, 5, 12, 10, 2);
  return paint(32, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, boxes, 2))]);
}

function main(): void {
  const dir = join(PROJECT_ROOT, 'appPackage');
  mkdirSync(dir, { recursive: true });
  for (const [name, png] of [
    ['color.png', renderColorIcon()],
    ['outline.png', renderOutlineIcon()],
  ] as const) {
    const file = join(dir, name);
    writeFileSync(file, PNG.sync.write(png));
    process.stdout.write(`Wrote ${file}\n`);
  }
}

if (require.main === module) main();
