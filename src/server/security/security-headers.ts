import crypto from 'node:crypto';

/** The CSP source for one inline <style> block: its SHA-256, so no 'unsafe-inline' is needed. */
export function styleHash(css: string): string {
  return `'sha256-${crypto.createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/**
 * Headers for pages customers open from email: scripts only from this origin, the one known
 * inline stylesheet, no framing, no referrer (the URL carries the survey token), no caching.
 */
export function pageSecurityHeaders(options: {
  styleHashes: string[];
  https: boolean;
}): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${options.styleHashes.join(' ')}`,
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'x-robots-tag': 'noindex, nofollow',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Headers on every response of the service, whatever its type (pages add the ones above). */
export const EVERY_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
};
