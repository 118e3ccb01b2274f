/**
 * GET /api/v1/digest (preview) and PUT /api/v1/digest (the user's own choice): the current user's
 * weekly digest of last week, as the chat message says it, line by line. Defined by the contract.
 */
export type { DigestResponse } from './contract/digest.js';
