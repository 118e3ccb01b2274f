/**
 * Gzipped JavaScript per app location: builds the app (unless --no-build), follows Vite's build
 * manifest from each page's entry through its static imports, and prints what a browser downloads
 * before the location can render, plus the one locale chunk it loads for a non-English user.
 * Judged by: sidebar initial JS ≤ 150 KB gzipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildApp, PACKAGE_DIR } from '../../scripts/package-app.js';

export const SIDEBAR_BUDGET_BYTES = 150 * 1024;

interface Chunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type ViteManifest = Record<string, Chunk>;

export interface LocationSize {
  page: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  /** The largest chunk loaded on demand (a locale catalog), gzipped. */
  largestLazyGzipBytes: number;
}

/** The static import closure of each HTML entry in a built assets folder, raw and gzipped. */
export function measure(assets = path.join(PACKAGE_DIR, 'assets')): LocationSize[] {
  const gzipSize = (file: string) =>
    zlib.gzipSync(fs.readFileSync(path.join(assets, file)), { level: 9 }).length;
  const manifest = JSON.parse(
    fs.readFileSync(path.join(assets, '.vite/manifest.json'), 'utf8'),
  ) as ViteManifest;
  return Object.entries(manifest)
    .filter(([key, c]) => c.isEntry && key.endsWith('.html'))
    .map(([page, entry]) => {
      const seen = new Set<string>();
      const lazy = new Set<string>();
      const visit = (chunk: Chunk) => {
        if (seen.has(chunk.file)) return;
        seen.add(chunk.file);
        for (const d of chunk.dynamicImports ?? []) lazy.add(manifest[d]!.file);
        for (const i of chunk.imports ?? []) visit(manifest[i]!);
      };
      visit(entry);
      const files = [...seen].sort();
      return {
        page,
        files,
        rawBytes: files.reduce((s, f) => s + fs.statSync(path.join(assets, f)).size, 0),
        gzipBytes: files.reduce((s, f) => s + gzipSize(f), 0),
        largestLazyGzipBytes: Math.max(0, ...[...lazy].map(gzipSize)),
      };
    });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (require.main === module) {
  if (!process.argv.includes('--no-build')) buildApp();
  const sizes = measure();
  console.log('location        initial JS (raw)   initial JS (gzip)   + one locale (gzip)');
  for (const s of sizes) {
    console.log(
      `${s.page.padEnd(15)} ${kb(s.rawBytes).padStart(16)} ${kb(s.gzipBytes).padStart(19)} ${kb(s.largestLazyGzipBytes).padStart(21)}`,
    );
  }
  const sidebar = sizes.find((s) => s.page === 'sidebar.html');
  if (!sidebar) throw new Error('No sidebar.html entry in the build');
  const worst = sidebar.gzipBytes + sidebar.largestLazyGzipBytes;
  console.log(
    `sidebar: ${kb(worst)} gzipped with the largest locale, budget ${kb(SIDEBAR_BUDGET_BYTES)}: ratio ${(worst / SIDEBAR_BUDGET_BYTES).toFixed(2)} (≤ 1.00 passes)`,
  );
  if (worst > SIDEBAR_BUDGET_BYTES) process.exitCode = 1;
}
