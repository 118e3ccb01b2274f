/** The data a workspace page hands its host script (embedded as a JSON block, never as code). */
export interface HostedApp {
  /** id of the <iframe> element the host fills. */
  frameId: string;
  appGuid: string;
  installationId: number;
  /** Path of the location page inside the app (/apps/1/assets/sidebar.html), or a server-side app's URL. */
  path: string;
  /** For a signed location: the ZAF JWT the host POSTs (form field `token`) to load the page. */
  signedToken?: string;
  /** Set for a fixed app origin; otherwise the host uses its own host name's twin (localhost ↔ 127.0.0.1). */
  appOrigin?: string;
  location: string;
  metadata: Record<string, unknown>;
  context: Record<string, unknown>;
  /** What `client.get(path)` reads, e.g. { ticket: {...}, currentUser: {...} }. */
  data: Record<string, unknown>;
  /** The route a nav bar app was opened with (its URL's segments after the app name). */
  route?: string;
}

export interface HostConfig {
  /** Sandbox endpoint that proxies `client.request` (settings, JWT and all stay on the server). */
  requestUrl: string;
  /** Where `routeTo` goes: ticket → '/workspace/tickets/{id}', nav_bar → the team page, ... */
  routes: Record<string, string>;
  apps: HostedApp[];
}

export const HOST_CONFIG_ELEMENT_ID = 'zaf-host-config';
