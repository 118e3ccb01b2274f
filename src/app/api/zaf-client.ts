/**
 * The part of the ZAF client (zendesk_app_framework_sdk) this app uses, typed. The SDK ships no
 * types; tests pass a mock implementing this interface.
 */

/** Options of client.request(); the ZAF proxy reads `secure`, `jwt` and `cors`. */
export interface ZafRequestOptions {
  url: string;
  type?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  contentType?: string;
  /** A JSON string for bodies: the proxy forwards it as it is. */
  data?: string;
  /** 'text' keeps a CSV body as a string instead of parsing it. */
  dataType?: 'json' | 'text';
  headers?: Record<string, string>;
  /** Lets the proxy substitute {{setting.*}} placeholders of secure settings. */
  secure?: boolean;
  /** false: go through Zendesk's proxy (no CORS needed on the service). */
  cors?: boolean;
  /** Zendesk's proxy signs a JWT with this secret and puts it where {{jwt.token}} appears. */
  jwt?: {
    algorithm: 'HS256';
    secret_key: string;
    expiry: number;
    claims?: Record<string, string | number>;
  };
  timeout?: number;
}

/** What client.request() rejects with: the proxy's view of the HTTP response. */
export interface ZafRequestFailure {
  status: number;
  statusText?: string;
  responseText?: string;
  responseJSON?: unknown;
}

export interface ZafUser {
  id: number;
  name: string;
  email?: string;
  /** 'admin', 'agent', or a custom role. */
  role: string;
  /** Zendesk locale such as "nl" or "pt-BR". */
  locale: string;
}

export interface ZafContext {
  location: string;
  instanceGuid?: string;
  product?: string;
  account?: { subdomain: string };
}

/** The app's non-secure settings as the admin entered them. */
export interface AppSettings {
  [name: string]: unknown;
}

export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  name?: string;
  version?: string;
  settings: AppSettings;
}

/** Paths not available (an unassigned ticket has no assignee) are reported here, not thrown. */
export type ZafGetResult<T, K extends string> = Partial<Record<K, T>> & {
  errors?: Record<string, { message?: string }>;
};

export interface ZafClient {
  get<T = unknown, K extends string = string>(paths: K | K[]): Promise<ZafGetResult<T, K>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request<T>(options: ZafRequestOptions): Promise<T>;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<ZafContext>;
  on(event: string, handler: (payload?: unknown) => void): void;
}

/** Creates the client and calls `onRegistered` once ZAF has registered the app; false outside Zendesk. */
export type ZafInit = (onRegistered: () => void) => ZafClient | false;
