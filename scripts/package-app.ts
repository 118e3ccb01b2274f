/**
 * `npm run package [-- --service-url https://ces.example.com]`: builds the app with Vite (the
 * service serves those pages from dist/app/assets), lays the package out in dist/app/
 * (manifest.json with the locations at the service, translations/, assets/), checks it against
 * Zendesk's package rules and zips it into dist/app-<version>.zip (logos and texts, no pages).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { validateAppPackage } from './app-package-rules.js';

const ROOT = path.resolve(__dirname, '..');
export const PACKAGE_DIR = path.join(ROOT, 'dist/app');
/** Zip entries get this date so the same sources give the same zip. */
const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');

interface Manifest {
  version: string;
  location: Record<string, Record<string, { url: string; [key: string]: unknown }>>;
  [key: string]: unknown;
}

/**
 * Files the service serves itself (the pages and their scripts): the package carries only what
 * Zendesk shows before any page loads (logos, icons, listing texts).
 */
const SERVICE_SERVED = /^assets\/.*\.(html|js|css)$/;

/** Runs `vite build` into `dir`/assets (a child process: Vite is an ES module and this may run under jest). */
export function buildApp(dir = PACKAGE_DIR): void {
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(ROOT, 'vite.config.ts')],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        // Under jest NODE_ENV is "test", which would make Vite bundle React's development build.
        NODE_ENV: 'production',
        VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
        CES_APP_BUILD_DIR: dir,
      },
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? 'signal'})`);
}

/** The service's origin, checked: Zendesk loads location pages over https (localhost aside). */
export function serviceOrigin(serviceUrl: string): string {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    throw new Error(
      `--service-url "${serviceUrl}" is not a URL: give it like https://ces.example.com`,
    );
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost')
    throw new Error(
      `--service-url must use https (Zendesk loads app pages over https): ${serviceUrl}`,
    );
  return url.origin;
}

/** The manifest with every location URL moved to the service's origin (same path). */
export function pointLocationsAt(manifest: Manifest, serviceUrl: string): Manifest {
  const origin = serviceOrigin(serviceUrl);
  const location = Object.fromEntries(
    Object.entries(manifest.location).map(([product, locations]) => [
      product,
      Object.fromEntries(
        Object.entries(locations).map(([name, options]) => {
          const { pathname } = new URL(options.url);
          return [name, { ...options, url: `${origin}${pathname}` }];
        }),
      ),
    ]),
  );
  return { ...manifest, location };
}

/** Writes manifest.json and translations/ next to the built assets/ in `dir`. */
export function assemble(dir: string, options: { serviceUrl?: string }): Manifest {
  const source = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as Manifest;
  const manifest = options.serviceUrl ? pointLocationsAt(source, options.serviceUrl) : source;
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const out = path.join(dir, 'translations');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const file of fs.readdirSync(path.join(ROOT, 'translations'))) {
    if (!file.endsWith('.json')) continue;
    const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'translations', file), 'utf8')) as {
      app?: unknown;
    };
    // Zendesk reads only `app` (listing and install form); the app bundles its own strings.
    fs.writeFileSync(path.join(out, file), `${JSON.stringify({ app: catalog.app }, null, 2)}\n`);
  }
  return manifest;
}

/** Every file to ship, relative; dot files (Vite's build manifest) and service-served pages stay out. */
function packageFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return packageFiles(dir, p);
    return SERVICE_SERVED.test(p) ? [] : [p];
  });
}

/** Zips the package directory's files at the zip's root. */
export function zipPackage(dir: string, zipFile: string): Promise<string[]> {
  const files = packageFiles(dir).sort();
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(path.join(dir, f), f, { mtime: FIXED_MTIME, mode: 0o644 });
  zip.end();
  fs.mkdirSync(path.dirname(zipFile), { recursive: true });
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(zipFile))
      .on('close', () => resolve(files))
      .on('error', reject);
  });
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

async function main(args: string[]): Promise<void> {
  const serviceUrl = argValue(args, '--service-url');
  if (!args.includes('--no-build')) buildApp();
  const manifest = assemble(PACKAGE_DIR, { serviceUrl });
  if (!serviceUrl)
    console.warn(
      'No --service-url: the locations point at http://localhost:3000 (development with zcli apps:server only).',
    );
  const problems = validateAppPackage(PACKAGE_DIR);
  if (problems.length > 0) {
    for (const p of problems) console.error(`${p.key}: ${p.message}`);
    throw new Error(`The package in ${PACKAGE_DIR} breaks ${problems.length} of Zendesk's rules`);
  }
  const zipFile = path.join(ROOT, 'dist', `app-${manifest.version}.zip`);
  const files = await zipPackage(PACKAGE_DIR, zipFile);
  console.log(
    `${path.relative(ROOT, zipFile)}: ${files.length} files, ${fs.statSync(zipFile).size} bytes`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
