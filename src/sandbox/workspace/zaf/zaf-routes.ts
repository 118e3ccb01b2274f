import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { browserScript } from '../browser/browser-scripts.js';
import type { AppInstallation } from './app-installation.js';
import {
  appRequestSchema,
  proxyAppRequest,
  ProxyRefusal,
  type ProxyDeps,
} from './request-proxy.js';
import { ZAF_SDK_CDN_PATTERN, zafSdkScript } from './sdk-script.js';

export interface ZafRoutesOptions {
  installations: AppInstallation[];
  zendesk: ProxyDeps['zendesk'];
  now?: () => Date;
}

/** Where the sandbox serves an installed app's files (Zendesk serves them from its own asset host). */
export function appAssetBase(installation: AppInstallation): string {
  return `/apps/${installation.appId}/`;
}

export const SDK_PATH = '/zaf/sdk.js';
export const HOST_SCRIPT_PATH = '/workspace/scripts/zaf-host.js';
export const REQUEST_PROXY_PATH = '/workspace/zaf/request';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const proxyBodySchema = z.object({
  installationId: z.number().int().positive(),
  options: appRequestSchema,
});

/** The ZAF host's server half: the SDK file, the host script, app files and the request proxy. */
export async function zafRoutes(app: FastifyInstance, options: ZafRoutesOptions): Promise<void> {
  const byAppId = new Map(options.installations.map((i) => [String(i.appId), i]));
  const byInstallation = new Map(options.installations.map((i) => [i.installationId, i]));

  app.get(SDK_PATH, async (_request, reply) => {
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache');
    return zafSdkScript();
  });

  app.get(HOST_SCRIPT_PATH, async (_request, reply) => {
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache');
    return browserScript('zaf-host');
  });

  app.get<{ Params: { appId: string; '*': string } }>('/apps/:appId/*', async (request, reply) => {
    const installation = byAppId.get(request.params.appId);
    if (!installation) return reply.status(404).send({ error: 'no such app installed' });
    // The package's assets/ folder is the only thing an app serves.
    const wanted = request.params['*'];
    if (!wanted.startsWith('assets/')) return reply.status(404).send({ error: 'not found' });
    const root = path.resolve(installation.assetsDir);
    const file = path.resolve(root, wanted.slice('assets/'.length));
    if (!file.startsWith(root + path.sep)) return reply.status(404).send({ error: 'not found' });
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return reply.status(404).send({
        error: 'not found',
        message: `${request.params['*']} is not in the app package: run \`npm run build\`.`,
      });
    }
    const ext = path.extname(file).toLowerCase();
    reply
      .type(CONTENT_TYPES[ext] ?? 'application/octet-stream')
      .header('Cache-Control', 'no-cache');
    if (ext === '.html') {
      // Zendesk's CDN is out of reach here: the page gets the same SDK from the local package.
      return content.toString('utf8').replace(ZAF_SDK_CDN_PATTERN, SDK_PATH);
    }
    return content;
  });

  app.post(REQUEST_PROXY_PATH, async (request, reply) => {
    const parsed = proxyBodySchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.status(400).send({
        status: 400,
        statusText: 'Bad Request',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'bad_request', message: parsed.error.message }),
      });
    }
    const installation = byInstallation.get(parsed.data.installationId);
    if (!installation) {
      return reply.status(404).send({
        status: 404,
        statusText: 'Not Found',
        headers: {},
        body: 'No such app installation.',
      });
    }
    try {
      return await proxyAppRequest(installation, parsed.data.options, {
        zendesk: options.zendesk,
        now: options.now,
      });
    } catch (error) {
      if (error instanceof ProxyRefusal) {
        // Answered as the status the app would see; the proxy call itself worked.
        return {
          status: error.status,
          statusText: error.status === 403 ? 'Forbidden' : 'Bad Request',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ error: 'proxy_refused', message: error.message }),
        };
      }
      throw error;
    }
  });
}
