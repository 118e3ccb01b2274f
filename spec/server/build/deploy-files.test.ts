import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/**
 * No container runtime runs here: these check what the deployment files promise, and
 * compiled-service.test.ts runs the same build and start steps outside a container.
 */
describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const final = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

  it('builds with the service build script and runs the compiled server as a non-root user', () => {
    expect(lines).toContain('RUN npx tsx scripts/build-service.ts --out dist/service');
    expect(final).toContain('USER node');
    expect(final).toContain(
      'CMD ["node", "--max-semi-space-size=64", "dist/service/src/server/server.js"]',
    );
    expect(final).toContain('ENV NODE_ENV=production');
    // The app's pages, which the service serves to Zendesk's signed page loads (CES_APP_DIR).
    expect(final).toContain('COPY --from=build /app/dist/app/assets ./dist/app/assets');
  });

  it('ships production dependencies only, and checks /healthz', () => {
    expect(lines.some((l) => /npm install --omit=dev/.test(l))).toBe(true);
    const copies = final.filter((l) => l.startsWith('COPY'));
    expect(copies.some((l) => /--from=deps .*node_modules/.test(l))).toBe(true);
    expect(copies.some((l) => /\bsrc\b/.test(l) && !l.includes('dist/service'))).toBe(false);
    expect(final.join('\n')).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };

  it('runs the service after PostgreSQL is healthy, with its data on a volume', () => {
    const { ces, db } = compose.services;
    expect(ces?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(db?.healthcheck).toBeDefined();
    expect(db?.volumes).toEqual(['ces-db:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes)).toEqual(['ces-db']);
  });

  it('sets every variable production requires, and no secret value of its own', () => {
    const env = compose.services.ces?.environment as Record<string, string>;
    expect(env.NODE_ENV).toBe('production');
    for (const name of [
      'PUBLIC_URL',
      'ZENDESK_SUBDOMAIN',
      'CES_SESSION_KEY',
      'ZENDESK_APP_INSTALLATION_ID',
    ])
      expect(env[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    expect(env.DATABASE_URL).toBe('postgres://ces:${POSTGRES_PASSWORD}@db:5432/ces');
    const db = compose.services.db?.environment as Record<string, string>;
    expect(db.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});
