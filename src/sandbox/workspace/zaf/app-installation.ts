import { readFileSync } from 'node:fs';

/** One installed app as the sandbox host knows it: its files, its settings and who may see which. */
export interface AppInstallation {
  appId: number;
  installationId: number;
  name: string;
  version: string;
  /** Folder the package's `assets/` paths are served from (the built pages, logos, scripts). */
  assetsDir: string;
  /** Location name → page path inside the package, e.g. ticket_sidebar → assets/sidebar.html. */
  locations: Record<string, string>;
  /** Every setting value, secure ones included: these stay on the server. */
  settings: Record<string, string | number | boolean>;
  /** Names of settings marked `secure` in the manifest: never sent to the iframe. */
  secureSettings: Set<string>;
  /** Hosts the proxy may call on the app's behalf (manifest domainWhitelist plus settings' URLs). */
  allowedHosts: Set<string>;
}

interface ManifestParameter {
  name: string;
  type?: string;
  secure?: boolean;
  default?: string | number | boolean;
}

interface Manifest {
  name?: string;
  version?: string;
  location?: Record<string, Record<string, string | { url?: string }>>;
  parameters?: ManifestParameter[];
  domainWhitelist?: string[];
}

/** Reads the app's manifest and fills its settings: values given here win over manifest defaults. */
export function installApp(options: {
  manifestPath: string;
  assetsDir: string;
  settings: Record<string, string | number | boolean>;
  appId?: number;
  installationId?: number;
}): AppInstallation {
  const { manifestPath } = options;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `The sandbox could not read the app manifest at ${manifestPath} (${(error as Error).message}): build the app first with \`npm run build\`.`,
      { cause: error },
    );
  }
  const locations: Record<string, string> = {};
  for (const product of Object.values(manifest.location ?? {})) {
    for (const [location, value] of Object.entries(product)) {
      const url = typeof value === 'string' ? value : value.url;
      if (url) locations[location] = url;
    }
  }
  const settings: Record<string, string | number | boolean> = {};
  const secureSettings = new Set<string>();
  for (const parameter of manifest.parameters ?? []) {
    if (parameter.secure) secureSettings.add(parameter.name);
    if (parameter.default !== undefined) settings[parameter.name] = parameter.default;
  }
  Object.assign(settings, options.settings);
  const allowedHosts = new Set<string>();
  for (const domain of manifest.domainWhitelist ?? []) allowedHosts.add(domain.toLowerCase());
  // The service URL setting is what packaging writes into domainWhitelist; the sandbox does the same.
  for (const value of Object.values(settings)) {
    if (typeof value === 'string' && /^https?:\/\//.test(value)) {
      try {
        allowedHosts.add(new URL(value).host.toLowerCase());
      } catch {
        // not a URL after all: nothing to allow
      }
    }
  }
  return {
    appId: options.appId ?? 1,
    installationId: options.installationId ?? 1,
    name: manifest.name ?? 'App',
    version: manifest.version ?? '0.0.0',
    assetsDir: options.assetsDir,
    locations,
    settings,
    secureSettings,
    allowedHosts,
  };
}

/** The settings an iframe may see in its metadata: secure ones are left out, as Zendesk does. */
export function publicSettings(installation: AppInstallation): Record<string, unknown> {
  const visible: Record<string, unknown> = { title: installation.name };
  for (const [name, value] of Object.entries(installation.settings)) {
    if (!installation.secureSettings.has(name)) visible[name] = value;
  }
  return visible;
}
