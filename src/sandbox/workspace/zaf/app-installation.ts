import { readFileSync } from 'node:fs';

/**
 * Where in a request Zendesk's proxy may fill in a secure setting: the values Zendesk's own
 * package validator accepts for a parameter's `scopes` (zendesk/zendesk_apps_support,
 * validations/manifest.rb SECURE_PARAM_SCOPES), documented at
 * https://developer.zendesk.com/documentation/apps/getting-started/setting-up-new-apps/#scopes
 */
export const SECURE_SETTING_SCOPES = [
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
] as const;
export type SecureSettingScope = (typeof SECURE_SETTING_SCOPES)[number];

/** One installed app as the sandbox host knows it: its files, its settings and who may see which. */
export interface AppInstallation {
  appId: number;
  installationId: number;
  name: string;
  version: string;
  /** Folder the package's `assets/` paths are served from (the built pages, logos, scripts). */
  assetsDir: string;
  /**
   * Location name → page: a path inside the package (assets/sidebar.html), or the absolute URL of
   * a server-side app's page (https://ces.example.com/app/sidebar.html).
   */
  locations: Record<string, string>;
  /** The manifest's `signedUrls`: Zendesk POSTs a signed token (ZAF JWT) to each location URL. */
  signedUrls: boolean;
  /** Every setting value, secure ones included: these stay on the server. */
  settings: Record<string, string | number | boolean>;
  /** Names of settings marked `secure` in the manifest: never sent to the iframe. */
  secureSettings: Set<string>;
  /** A secure setting's manifest `scopes`: the only places the proxy fills it in. Unscoped: anywhere. */
  secureScopes: Map<string, ReadonlySet<SecureSettingScope>>;
  /** Hosts the proxy may call on the app's behalf (manifest domainWhitelist plus settings' URLs). */
  allowedHosts: Set<string>;
}

interface ManifestParameter {
  name: string;
  type?: string;
  secure?: boolean;
  default?: string | number | boolean;
  scopes?: unknown;
}

interface Manifest {
  name?: string;
  version?: string;
  location?: Record<string, Record<string, string | { url?: string }>>;
  parameters?: ManifestParameter[];
  domainWhitelist?: string[];
  signedUrls?: boolean;
}

/** Reads the app's manifest and fills its settings: values given here win over manifest defaults. */
export function installApp(options: {
  manifestPath: string;
  assetsDir: string;
  settings: Record<string, string | number | boolean>;
  appId?: number;
  installationId?: number;
  /**
   * Where a server-side app's pages are: absolute location URLs are moved to this origin, as
   * `npm run package -- --service-url` does for a real installation.
   */
  serviceUrl?: string;
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
      if (url) locations[location] = relocate(url, options.serviceUrl);
    }
  }
  const settings: Record<string, string | number | boolean> = {};
  const secureSettings = new Set<string>();
  const secureScopes = new Map<string, ReadonlySet<SecureSettingScope>>();
  for (const parameter of manifest.parameters ?? []) {
    if (parameter.secure) secureSettings.add(parameter.name);
    if (parameter.scopes !== undefined) {
      secureScopes.set(parameter.name, parseScopes(manifestPath, parameter));
    }
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
    signedUrls: manifest.signedUrls === true,
    settings,
    secureSettings,
    secureScopes,
    allowedHosts,
  };
}

/** An absolute location URL moved to `serviceUrl`'s origin; a package path stays as it is. */
function relocate(url: string, serviceUrl: string | undefined): string {
  if (!serviceUrl || !/^https?:\/\//.test(url)) return url;
  const { pathname, search } = new URL(url);
  return `${new URL(serviceUrl).origin}${pathname}${search}`;
}

/** A parameter's `scopes`, refused where Zendesk's package validator would refuse the manifest. */
function parseScopes(manifestPath: string, parameter: ManifestParameter): Set<SecureSettingScope> {
  const where = `parameters[name="${parameter.name}"].scopes in ${manifestPath}`;
  if (!parameter.secure) {
    throw new Error(`${where}: only a secure parameter has scopes; add "secure": true.`);
  }
  const { scopes } = parameter;
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new Error(`${where} must be a non-empty list, e.g. ["jwt_secret_key"].`);
  }
  const unknown = scopes.filter(
    (scope) => !(SECURE_SETTING_SCOPES as readonly unknown[]).includes(scope),
  );
  if (unknown.length > 0) {
    throw new Error(
      `${where} has ${unknown.map((u) => JSON.stringify(u)).join(', ')}: use ${SECURE_SETTING_SCOPES.join(', ')}.`,
    );
  }
  return new Set(scopes as SecureSettingScope[]);
}

/** The settings an iframe may see in its metadata: secure ones are left out, as Zendesk does. */
export function publicSettings(installation: AppInstallation): Record<string, unknown> {
  const visible: Record<string, unknown> = { title: installation.name };
  for (const [name, value] of Object.entries(installation.settings)) {
    if (!installation.secureSettings.has(name)) visible[name] = value;
  }
  return visible;
}
