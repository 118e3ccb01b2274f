/**
 * The sandbox's stand-in for the key Zendesk signs an app's page loads with ("signed URLs"):
 * an RSA key pair made at the first start and kept next to the sandbox's state, so the service's
 * cached public key stays right across restarts. The public half is served where Zendesk serves
 * it (GET /api/v2/apps/{app_id}/public_key.pem); the private half never leaves this module.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';

/** How long a page-load token lives: long enough to load the page, no longer. */
export const PAGE_LOAD_TOKEN_SECONDS = 5 * 60;

export interface AppSigner {
  /** The public key in PEM (SPKI), as Zendesk's public_key.pem answers it. */
  publicPem: string;
  /** Signs the page load of one app location for one user, as Zendesk does (RS256). */
  signPageLoad(request: {
    subdomain: string;
    installationId: number;
    userId: number;
    location: string;
    now?: Date;
  }): Promise<string>;
}

function keyFileFor(stateFile: string | null | undefined): string | null {
  return stateFile ? path.join(path.dirname(stateFile), 'sandbox-app-key.pem') : null;
}

/** The sandbox's app-signing key: read from beside the state file, or made (and kept there). */
export function loadAppSigner(stateFile?: string | null): AppSigner {
  const file = keyFileFor(stateFile);
  let privateKey: KeyObject;
  if (file && existsSync(file)) {
    privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  } else {
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
        mode: 0o600,
      });
    }
  }
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicPem,
    async signPageLoad({ subdomain, installationId, userId, location, now = new Date() }) {
      const seconds = Math.floor(now.getTime() / 1000);
      const account = `https://${subdomain}.zendesk.com`;
      // Claims as Zendesk documents them for signed URLs (see docs/app.md for the sources).
      return new SignJWT({ context: { product: 'support', location } })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(`${subdomain}.zendesk.com`)
        .setAudience(`${account}/api/v2/apps/installations/${installationId}.json`)
        .setSubject(String(userId))
        .setIssuedAt(seconds)
        .setNotBefore(seconds)
        .setExpirationTime(seconds + PAGE_LOAD_TOKEN_SECONDS)
        .sign(privateKey);
    },
  };
}
