import { SignJWT, type JWTPayload } from 'jose';
import { loadConfig } from '../../src/server/config.js';
import { TEST_USERS } from './roles.js';

/** The app secret tests run with (the demo default of loadConfig in test mode). */
export const TEST_APP_SECRET = loadConfig({ NODE_ENV: 'test' }).appSecret;

/** Signs a token the way Zendesk's proxy does for the app: HS256 with the shared secret. */
export async function signAppToken(
  options: {
    secret?: string;
    /** Seconds from now; negative for an expired token; null for no `exp` at all. */
    expiresIn?: number | null;
    claims?: JWTPayload;
    now?: Date;
    alg?: 'HS256' | 'HS384' | 'HS512';
  } = {},
): Promise<string> {
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  // As the app signs it: `sub` is the current Zendesk user (by default the tests' admin).
  const jwt = new SignJWT({
    iss: 'acme.zendesk.com',
    sub: String(TEST_USERS.admin.userId),
    ...options.claims,
  })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuedAt(nowSeconds);
  const expiresIn = options.expiresIn === undefined ? 300 : options.expiresIn;
  if (expiresIn !== null) jwt.setExpirationTime(nowSeconds + expiresIn);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_APP_SECRET));
}

/** An unsigned token ("alg": "none"), which must never be accepted. */
export function unsignedToken(claims: JWTPayload = {}): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 300;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ exp, ...claims })}.`;
}

/** The same token with its payload changed and the original signature kept. */
export function tamperedToken(token: string, claims: JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as JWTPayload;
  const changed = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url');
  return `${header}.${changed}.${signature}`;
}
