/** The Zendesk REST client: import from here. */
export * from './budget.js';
export * from './client.js';
export * from './errors.js';
export * from './safe-update.js';
export * from './types.js';
export {
  authorizationHeader,
  parseRetryAfter,
  type RequestGate,
  type ZendeskAuth,
  type ZendeskLogger,
} from './transport.js';
export {
  TICKET_UPDATES_PER_WINDOW,
  TICKET_UPDATE_WINDOW_MS,
  createTicketUpdateLimiter,
} from './ticket-update-limiter.js';
export * from './ticket-snapshot-repository.js';
