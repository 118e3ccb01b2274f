/**
 * Draws the app's marketplace logos (assets/logo.png 320×320, assets/logo-small.png 128×128):
 * an effort gauge whose needle points to "easy". Run: `npx tsx scripts/app-logos.ts`.
 * Hand-rolled PNG encoding (zlib + CRC) so no image library is needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type RGB = [number, number, number];
const BACKGROUND: RGB = [3, 54, 61]; // Zendesk's dark green
const TRACK: RGB = [255, 255, 255];
const EASY: RGB = [120, 163, 0];
const SUPERSAMPLE = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG from a pixel function. */
export function encodePng(size: number, pixel: (x: number, y: number) => RGB): Buffer {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x, y);
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Which colour the gauge has at a point of the unit square (0..1, y down), or null for background. */
function gauge(u: number, v: number): RGB | null {
  const cx = 0.5;
  const cy = 0.62;
  const dx = u - cx;
  const dy = cy - v;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx); // 0 = right ("easy"), π = left ("effort")
  // The arc: a thick half ring, its right third in green (the easy end).
  if (dy >= -0.005 && r >= 0.27 && r <= 0.36 && angle >= 0 && angle <= Math.PI) {
    return angle < Math.PI / 3 ? EASY : TRACK;
  }
  // The needle: from the hub toward 30° (easy), tapering.
  const needle = Math.PI / 6;
  const along = dx * Math.cos(needle) + dy * Math.sin(needle);
  const across = Math.abs(-dx * Math.sin(needle) + dy * Math.cos(needle));
  if (along >= 0 && along <= 0.25 && across <= 0.028 * (1 - along / 0.3)) return TRACK;
  if (r <= 0.055) return TRACK; // the hub
  return null;
}

/** One logo, anti-aliased by supersampling. */
export function drawLogo(size: number): Buffer {
  return encodePng(size, (x, y) => {
    const sum = [0, 0, 0];
    for (let sy = 0; sy < SUPERSAMPLE; sy++)
      for (let sx = 0; sx < SUPERSAMPLE; sx++) {
        const u = (x + (sx + 0.5) / SUPERSAMPLE) / size;
        const v = (y + (sy + 0.5) / SUPERSAMPLE) / size;
        const c = gauge(u, v) ?? BACKGROUND;
        sum[0]! += c[0];
        sum[1]! += c[1];
        sum[2]! += c[2];
      }
    const n = SUPERSAMPLE * SUPERSAMPLE;
    return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
  });
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '../assets');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'logo.png'), drawLogo(320));
  fs.writeFileSync(path.join(dir, 'logo-small.png'), drawLogo(128));
  console.log(`wrote ${dir}/logo.png (320×320) and logo-small.png (128×128)`);
}
