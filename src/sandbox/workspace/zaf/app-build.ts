import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../server/config.js';
import { installApp, type AppInstallation } from './app-installation.js';

/** The demo's Zendesk app: built from this repo's sources and installed in the workspace. */

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** Where the app's build puts the pages the manifest's `assets/...` URLs point at. */
export const APP_ASSETS_DIR = path.join(ROOT, 'dist', 'app', 'assets');
export const APP_MANIFEST = path.join(ROOT, 'manifest.json');

/** Builds the Zendesk app from the current sources (a second or two): never a stale build. */
export function buildZendeskApp(log: (line: string) => void): void {
  if (!existsSync(APP_MANIFEST)) return;
  log('Building the Zendesk app…');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = ['build:app', 'build'].find((name) => pkg.scripts?.[name]);
  const [command, args] = script
    ? ['npm', ['run', '--silent', script]]
    : ['npx', ['vite', 'build', '--logLevel', 'warn']];
  const result = spawnSync(command as string, args as string[], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error('Building the app failed (see above): fix it, then run `npm start` again.');
  }
}

/** The app installed from the manifest and its build; null when either is missing. */
export function demoAppInstallation(
  config: Config,
  manifestPath: string,
  assetsDir: string,
): AppInstallation | null {
  if (!existsSync(manifestPath) || !existsSync(assetsDir)) return null;
  return installApp({
    manifestPath,
    assetsDir,
    settings: {},
    // The app's pages are the service's: installed as `npm run package -- --service-url` makes it.
    serviceUrl: config.publicUrl,
    appId: config.zendeskApp.appId ?? 1,
    installationId: Number(config.zendeskApp.installationId),
  });
}
