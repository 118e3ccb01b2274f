import { SANDBOX_ADMIN_EMAIL, SANDBOX_API_TOKEN } from '../../src/sandbox/zendesk/store.js';

/**
 * The sandbox agent's credentials as service environment: what the demo launcher passes
 * (src/sandbox/main.ts). The service's config has no credentials of its own.
 */
export const SANDBOX_CREDENTIALS_ENV = {
  ZENDESK_EMAIL: SANDBOX_ADMIN_EMAIL,
  ZENDESK_API_TOKEN: SANDBOX_API_TOKEN,
} as const;
