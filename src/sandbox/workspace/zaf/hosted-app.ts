import { randomUUID } from 'node:crypto';
import type { HostConfig, HostedApp } from '../browser/host-config.js';
import { publicSettings, type AppInstallation } from './app-installation.js';
import { appAssetBase, REQUEST_PROXY_PATH } from './zaf-routes.js';

export interface HostedAppOptions {
  location: 'ticket_sidebar' | 'nav_bar' | string;
  frameId: string;
  subdomain: string;
  /** Context beyond product/account/location, e.g. { ticketId: 12 }. */
  context?: Record<string, unknown>;
  /** What `client.get` answers in this location. */
  data: Record<string, unknown>;
  appOrigin?: string;
  /** A nav bar app's route (the segments after its name in /agent/apps/<name>/…). */
  route?: string;
  /** The signed page-load token (ZAF JWT) to POST to a signed location's URL. */
  signedToken?: string;
}

/** Describes one app iframe on a workspace page: what it is told at app.registered and can get. */
export function hostedApp(installation: AppInstallation, options: HostedAppOptions): HostedApp {
  const page = installation.locations[options.location];
  if (!page) {
    throw new Error(
      `The app declares no ${options.location} location in manifest.json: add it or host another location.`,
    );
  }
  const appGuid = randomUUID();
  return {
    frameId: options.frameId,
    appGuid,
    installationId: installation.installationId,
    path: /^https?:\/\//.test(page) ? page : appAssetBase(installation) + page.replace(/^\/+/, ''),
    appOrigin: /^https?:\/\//.test(page) ? new URL(page).origin : options.appOrigin,
    ...(options.signedToken ? { signedToken: options.signedToken } : {}),
    location: options.location,
    metadata: {
      appId: installation.appId,
      installationId: installation.installationId,
      name: installation.name,
      version: installation.version,
      settings: publicSettings(installation),
      plan: { name: 'sandbox' },
    },
    context: {
      instanceGuid: appGuid,
      product: 'support',
      account: { subdomain: options.subdomain },
      location: options.location,
      ...options.context,
    },
    data: options.data,
    ...(options.route !== undefined ? { route: options.route } : {}),
  };
}

export function hostConfig(apps: HostedApp[], routes: Record<string, string>): HostConfig {
  return { requestUrl: REQUEST_PROXY_PATH, routes, apps };
}
