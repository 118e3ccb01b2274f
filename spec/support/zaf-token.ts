import { generateKeyPairSync } from 'node:crypto';
import { importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { zafAudience, zafIssuer } from '../../src/server/auth/zaf-jwt.js';

/** An RSA key pair standing in for the one Zendesk signs an app's requests with. */
export interface ZafTestKeys {
  privatePem: string;
  publicPem: string;
}

export function zafTestKeys(): ZafTestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Signs a page-load token the way Zendesk does (RS256); every claim can be bent for a test. */
export async function signZafToken(
  keys: ZafTestKeys,
  options: {
    userId?: number | string;
    subdomain?: string;
    installationId?: string;
    /** The `aud` claim as written, instead of the installation's address. */
    audience?: string;
    /** Seconds from now; negative for an expired token. */
    expiresIn?: number;
    claims?: JWTPayload;
  } = {},
): Promise<string> {
  const subdomain = options.subdomain ?? 'sandbox';
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    context: { product: 'support', location: 'ticket_sidebar' },
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(zafIssuer(subdomain))
    .setAudience(options.audience ?? zafAudience(subdomain, options.installationId ?? '1'))
    .setSubject(String(options.userId ?? 1))
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .sign(await importPKCS8(keys.privatePem, 'RS256'));
}

/** The same token with its payload changed and the original signature kept. */
export function tamperedToken(token: string, claims: JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as JWTPayload;
  const changed = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url');
  return `${header}.${changed}.${signature}`;
}

/** An unsigned token ("alg": "none"), which must never be accepted. */
export function unsignedToken(claims: JWTPayload = {}): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 300;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ exp, sub: '1', ...claims })}.`;
}
