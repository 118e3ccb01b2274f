/**
 * The Zendesk side of the ZAF postMessage protocol, for the sandbox workspace. It answers the
 * real SDK running in app iframes: handshake → app.registered, get/set/invoke, on/off, request.
 */
import type { HostConfig, HostedApp } from './host-config.js';

interface Frame {
  app: HostedApp;
  element: HTMLIFrameElement;
  origin: string;
  registered: boolean;
  subscriptions: Map<string, number>;
}

interface SdkMessage {
  id?: number;
  key?: string;
  request?: 'get' | 'set' | 'invoke';
  params?: unknown;
  message?: unknown;
  appGuid?: string;
  instanceGuid?: string;
}

interface ApiError {
  message: string;
  name: string;
  path: string;
}

interface ProxyResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

const configElement = document.getElementById('zaf-host-config');
const config = JSON.parse(configElement?.textContent ?? '{"apps":[]}') as HostConfig;
const frames: Frame[] = [];

function twinOrigin(): string {
  const { protocol, hostname, port } = window.location;
  const twin =
    hostname === 'localhost' ? '127.0.0.1' : hostname === '127.0.0.1' ? 'localhost' : hostname;
  return `${protocol}//${twin}${port ? `:${port}` : ''}`;
}

function post(frame: Frame, message: Record<string, unknown>): void {
  frame.element.contentWindow?.postMessage(JSON.stringify(message), frame.origin);
}

/** Fires a framework event in one app (the SDK calls handlers of `key` without the zaf. prefix). */
function emit(frame: Frame, name: string, data?: unknown): void {
  post(frame, { key: `zaf.${name}`, message: data });
}

function readPath(data: Record<string, unknown>, path: string): { found: boolean; value: unknown } {
  const custom = /^ticket\.customField:custom_field_(\d+)$/.exec(path);
  if (custom) {
    const fields = (data.ticket as { customFields?: Record<string, unknown> } | undefined)
      ?.customFields;
    const id = custom[1] as string;
    return fields && id in fields
      ? { found: true, value: fields[id] }
      : { found: false, value: null };
  }
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(part in current)) {
      return { found: false, value: null };
    }
    current = (current as Record<string, unknown>)[part];
  }
  return { found: true, value: current };
}

function apiError(path: string, message: string): ApiError {
  return { message, name: 'APIUnavailable', path };
}

function answerGet(frame: Frame, paths: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const errors: Record<string, ApiError> = {};
  for (const path of Array.isArray(paths) ? paths : []) {
    if (typeof path !== 'string') continue;
    const { found, value } = readPath(frame.app.data, path);
    if (found) result[path] = value;
    else errors[path] = apiError(path, `is not available in the ${frame.app.location} location`);
  }
  result.errors = errors;
  return result;
}

function resize(frame: Frame, size: unknown): void {
  if (!size || typeof size !== 'object') return;
  const { width, height } = size as { width?: unknown; height?: unknown };
  const css = (v: unknown) => (typeof v === 'number' ? `${v}px` : typeof v === 'string' ? v : null);
  const h = css(height);
  const w = css(width);
  if (h) frame.element.style.height = h;
  if (w) frame.element.style.width = w;
}

function routeTo(args: unknown[]): boolean {
  const [where, id] = args.map((a) => String(a));
  const template = where ? config.routes[where] : undefined;
  if (!template) return false;
  window.location.assign(template.replace('{id}', encodeURIComponent(id ?? '')));
  return true;
}

function notify(args: unknown[]): void {
  const [text, kind] = args;
  const area = document.getElementById('notifications');
  if (!area || typeof text !== 'string') return;
  const item = document.createElement('p');
  item.className = `notification notification-${typeof kind === 'string' ? kind : 'notice'}`;
  item.setAttribute('role', 'status');
  item.textContent = text;
  area.appendChild(item);
  window.setTimeout(() => item.remove(), 6000);
}

function answerInvoke(frame: Frame, calls: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const errors: Record<string, ApiError> = {};
  for (const [name, rawArgs] of Object.entries((calls ?? {}) as Record<string, unknown>)) {
    const args = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
    if (name === 'resize') {
      resize(frame, args[0]);
      result[name] = null;
    } else if (name === 'routeTo') {
      if (routeTo(args)) result[name] = null;
      else errors[name] = apiError(name, `cannot route to "${String(args[0])}" in the sandbox`);
    } else if (name === 'notify') {
      notify(args);
      result[name] = null;
    } else {
      errors[name] = apiError(name, 'is not supported by the sandbox host');
    }
  }
  result.errors = errors;
  return result;
}

function answerSet(frame: Frame, values: unknown): Record<string, unknown> {
  const errors: Record<string, ApiError> = {};
  for (const path of Object.keys((values ?? {}) as Record<string, unknown>)) {
    errors[path] = apiError(
      path,
      `cannot be set from an app in the ${frame.app.location} location`,
    );
  }
  return { errors };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Runs `client.request` through the sandbox proxy and answers with jQuery-style responseArgs. */
async function answerRequest(frame: Frame, key: string, options: unknown): Promise<void> {
  const opts = (typeof options === 'string' ? { url: options } : (options ?? {})) as {
    dataType?: string;
    httpCompleteResponse?: boolean;
  };
  let response: ProxyResponse;
  try {
    const reply = await fetch(config.requestUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ installationId: frame.app.installationId, options: opts }),
    });
    response = (await reply.json()) as ProxyResponse;
  } catch {
    response = { status: 0, statusText: 'error', headers: {}, body: '' };
  }
  const isJson =
    opts.dataType === 'json' || (response.headers['content-type'] ?? '').includes('json');
  const responseJSON = isJson ? parseJson(response.body) : undefined;
  const xhr = {
    readyState: 4,
    status: response.status,
    statusText: response.statusText,
    responseText: response.body,
    responseJSON,
  };
  const complete = {
    status: response.status,
    headers: response.headers,
    responseText: response.body,
    responseJSON,
  };
  const ok = response.status >= 200 && response.status < 300;
  if (ok) {
    const data = opts.dataType === 'text' ? response.body : (responseJSON ?? response.body);
    emit(frame, `${key}.done`, {
      responseArgs: opts.httpCompleteResponse ? [complete] : [data, 'success', xhr],
    });
  } else {
    emit(frame, `${key}.fail`, {
      responseArgs: opts.httpCompleteResponse ? [complete] : [xhr, 'error', response.statusText],
    });
  }
}

/**
 * Tells a nav bar app the route it was opened with (app.route.changed, data.appRoute). Again when
 * the app subscribes, as an app may subscribe only once it has rendered after app.registered.
 */
function announceRoute(frame: Frame): void {
  if (frame.app.route !== undefined)
    emit(frame, 'app.route.changed', { appRoute: frame.app.route });
}

/** When each app got app.registered (epoch ms, comparable across frames): for render timings. */
const registeredAt: Record<string, number> = {};

function register(frame: Frame): void {
  frame.registered = true;
  registeredAt[frame.app.appGuid] = performance.timeOrigin + performance.now();
  emit(frame, 'app.registered', { metadata: frame.app.metadata, context: frame.app.context });
  emit(frame, 'app.activated', { firstLoad: true });
  announceRoute(frame);
  document.dispatchEvent(
    new CustomEvent('zaf-host:registered', { detail: { appGuid: frame.app.appGuid } }),
  );
}

function onMessage(event: MessageEvent): void {
  const frame = frames.find((f) => f.element.contentWindow === event.source);
  // Only the iframe we created, from the origin we loaded it at, may talk to the host.
  if (!frame || event.origin !== frame.origin) return;
  let data: SdkMessage;
  try {
    data = (typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as SdkMessage;
  } catch {
    return;
  }
  if (!data || data.appGuid !== frame.app.appGuid) return;

  if (typeof data.id === 'number' && data.request) {
    const result =
      data.request === 'get'
        ? answerGet(frame, data.params)
        : data.request === 'invoke'
          ? answerInvoke(frame, data.params)
          : answerSet(frame, data.params);
    post(frame, { id: data.id, result });
    return;
  }
  const key = data.key ?? '';
  if (key === 'iframe.handshake') {
    register(frame);
  } else if (key.startsWith('iframe.on:')) {
    const name = key.slice('iframe.on:'.length);
    const count = (data.message as { subscriberCount?: number } | undefined)?.subscriberCount;
    frame.subscriptions.set(name, count ?? 1);
    if (name === 'app.route.changed' && frame.registered) announceRoute(frame);
  } else if (key.startsWith('iframe.off:')) {
    const name = key.slice('iframe.off:'.length);
    const count = (data.message as { subscriberCount?: number } | undefined)?.subscriberCount ?? 0;
    if (count > 0) frame.subscriptions.set(name, count);
    else frame.subscriptions.delete(name);
  } else if (/^request:\d+$/.test(key)) {
    void answerRequest(frame, key, data.message);
  }
  // session.live, __track__ and custom iframe.trigger:* messages need no answer here.
}

/** Lets the workspace page tell apps about changes it made (e.g. a status change). */
export function broadcast(name: string, data?: unknown): void {
  for (const frame of frames) if (frame.registered) emit(frame, name, data);
}

window.addEventListener('message', onMessage);
for (const app of config.apps) {
  const element = document.getElementById(app.frameId);
  if (!(element instanceof HTMLIFrameElement)) continue;
  const origin = app.appOrigin ?? twinOrigin();
  const frame: Frame = { app, element, origin, registered: false, subscriptions: new Map() };
  frames.push(frame);
  const src = new URL(app.path, origin);
  src.searchParams.set('origin', window.location.origin);
  src.searchParams.set('app_guid', app.appGuid);
  if (app.signedToken) {
    // Signed URLs: Zendesk loads the page with a form POST carrying the signed token. The form is
    // submitted from inside the frame's blank document, so the response lands in that frame.
    const doc = element.contentDocument;
    const form = doc?.createElement('form');
    if (doc?.body && form) {
      form.method = 'POST';
      form.action = src.toString();
      const token = doc.createElement('input');
      token.type = 'hidden';
      token.name = 'token';
      token.value = app.signedToken;
      form.appendChild(token);
      doc.body.appendChild(form);
      form.submit();
    }
  } else {
    element.src = src.toString();
  }
}
(
  window as unknown as {
    zafHost: { broadcast: typeof broadcast; registeredAt: Record<string, number> };
  }
).zafHost = { broadcast, registeredAt };
