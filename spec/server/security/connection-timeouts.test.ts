import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { ConfigError, HTTP_TIMEOUT_DEFAULTS, loadConfig } from '../../../src/server/config.js';
import { openPglite, type Database } from '../../../src/server/db/database.js';
import { migrate } from '../../../src/server/db/migrate.js';

/** Opens a raw connection, writes `send`, and resolves with what came back once the server closes it. */
function connectAndWait(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      if (send) socket.write(send);
    });
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

describe('connection timeouts', () => {
  let db: Database;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    db = await openPglite(null);
    await migrate(db);
    const config = loadConfig({
      NODE_ENV: 'test',
      CES_HTTP_IDLE_TIMEOUT_SECONDS: '1',
      CES_HTTP_REQUEST_TIMEOUT_SECONDS: '2',
    });
    app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('closes a connection that never sends a byte', async () => {
    await expect(connectAndWait(port, '')).resolves.toBe('');
  });

  it('closes a connection that stops halfway through the headers', async () => {
    const answer = await connectAndWait(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(answer).not.toMatch(/200 OK/);
  });

  it('closes a connection that promises a body and stops sending it', async () => {
    const answer = await connectAndWait(
      port,
      'POST /webhooks/zendesk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ticket',
    );
    expect(answer).not.toMatch(/ 20\d /);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const answer = await connectAndWait(
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('reads the limits from the environment and names a bad one', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).http).toEqual(HTTP_TIMEOUT_DEFAULTS);
    expect(() => loadConfig({ NODE_ENV: 'test', CES_HTTP_IDLE_TIMEOUT_SECONDS: '0' })).toThrow(
      ConfigError,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'test', CES_HTTP_REQUEST_TIMEOUT_SECONDS: 'soon' }),
    ).toThrow(/CES_HTTP_REQUEST_TIMEOUT_SECONDS is "soon"/);
  });
});
