/**
 * Compiles the CES service (src/server, src/shared) to plain JavaScript for `node`, and copies the
 * files it reads at run time beside it: the message catalogs and the SQL migrations.
 *
 *   npx tsx scripts/build-service.ts [--out dist/service]
 *
 * Production then runs `node dist/service/src/server/server.js` with only the production
 * dependencies installed (`npm ci --omit=dev`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function outDirOf(argv: string[]): string {
  const i = argv.indexOf('--out');
  const value = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && !value) throw new Error('--out needs a folder, e.g. --out dist/service');
  return path.resolve(ROOT, value ?? 'dist/service');
}

function copyMatching(from: string, to: string, pattern: RegExp): number {
  fs.mkdirSync(to, { recursive: true });
  const files = fs.readdirSync(from).filter((f) => pattern.test(f));
  for (const file of files) fs.copyFileSync(path.join(from, file), path.join(to, file));
  return files.length;
}

export function buildService(outDir: string): void {
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status}): see its output above.`);
  // Paths as the compiled code resolves them from its own folder (see survey-page.ts, migrate.ts).
  const catalogs = copyMatching(
    path.join(ROOT, 'translations'),
    path.join(outDir, 'translations'),
    /^[a-z]{2}(-[A-Z]{2})?\.json$/,
  );
  const migrations = copyMatching(
    path.join(ROOT, 'src/server/db/migrations'),
    path.join(outDir, 'src/server/db/migrations'),
    /^\d+_[\w-]+\.sql$/,
  );
  const shown = (p: string) =>
    path.relative(ROOT, p).startsWith('..') ? p : path.relative(ROOT, p);
  console.log(
    `Built the service into ${shown(outDir)}: ${catalogs} catalogs, ${migrations} migrations. Start it with: node ${shown(path.join(outDir, 'src/server/server.js'))}`,
  );
}

if (require.main === module) {
  try {
    buildService(outDirOf(process.argv.slice(2)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
