/** What the sandbox stores: Zendesk's JSON shapes, plus a few internal fields marked as such. */

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export const TICKET_STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'pending',
  'hold',
  'solved',
  'closed',
];
export type UserRole = 'end-user' | 'agent' | 'admin';
export type FieldValue = string | number | boolean | string[] | null;

export interface UserRecord {
  id: number;
  name: string;
  email: string | null;
  role: UserRole;
  locale: string;
  locale_id: number;
  default_group_id: number | null;
  /** Groups beyond the default one the agent belongs to (group memberships). */
  group_ids?: number[];
  /** The agent's custom role (SANDBOX_CUSTOM_ROLES), else null. */
  custom_role_id?: number | null;
  /** Zendesk's role_type: 0 for an agent with a custom role, 4 for an admin, else null. */
  role_type?: number | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface GroupRecord {
  id: number;
  name: string;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

export interface BrandRecord {
  id: number;
  name: string;
  subdomain: string;
  default: boolean;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface CommentRecord {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  created_at: string;
}

export interface SatisfactionRating {
  score: 'unoffered' | 'offered' | 'good' | 'bad';
  comment: string | null;
}

export interface TicketRecord {
  id: number;
  subject: string | null;
  description: string;
  status: TicketStatus;
  priority: string | null;
  type: string | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  group_id: number | null;
  brand_id: number | null;
  organization_id: number | null;
  tags: string[];
  custom_fields: Array<{ id: number; value: FieldValue }>;
  via: { channel: string };
  satisfaction_rating: SatisfactionRating | null;
  created_at: string;
  updated_at: string;
  /** Internal (Zendesk keeps it in ticket metrics, not on the ticket). */
  solved_at: string | null;
  /** Internal (ticket metrics): times the ticket went from solved back to unsolved. */
  reopens?: number;
  /** Internal: served by the comments endpoint, not on the ticket. */
  comments: CommentRecord[];
}

/** A ticket form (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/). */
export interface TicketFormRecord {
  id: number;
  name: string;
  active: boolean;
  default: boolean;
  end_user_visible: boolean;
  position: number;
  ticket_field_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface TicketFieldRecord {
  id: number;
  type: string;
  title: string;
  raw_title: string;
  description: string;
  /** Shown to agents only (Ticket Fields → JSON format). */
  agent_description: string | null;
  active: boolean;
  required: boolean;
  visible_in_portal: boolean;
  editable_in_portal: boolean;
  position: number;
  tag: string | null;
  removable: boolean;
  custom_field_options?: Array<{ id: number; name: string; raw_name: string; value: string }>;
  created_at: string;
  updated_at: string;
}

export interface WebhookRecord {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive';
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  subscriptions: string[];
  custom_headers: Record<string, string>;
  created_at: string;
  created_by: string;
  updated_at: string;
  /** Internal: served only by the signing_secret endpoint. */
  signing_secret: string;
}

export interface ConditionRecord {
  field: string;
  operator: string;
  value?: string | number | boolean | null;
}

export interface ActionRecord {
  field: string;
  value: string | number | boolean | null | Array<string | number>;
}

export interface TriggerRecord {
  id: number;
  title: string;
  description: string | null;
  active: boolean;
  position: number;
  category_id: string | null;
  conditions: { all: ConditionRecord[]; any: ConditionRecord[] };
  actions: ActionRecord[];
  created_at: string;
  updated_at: string;
}

export interface TriggerCategoryRecord {
  id: string;
  name: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface VariantRecord {
  id: number;
  content: string;
  locale_id: number;
  active: boolean;
  default: boolean;
  outdated: boolean;
  created_at: string;
  updated_at: string;
}

export interface DynamicContentItemRecord {
  id: number;
  name: string;
  placeholder: string;
  default_locale_id: number;
  outdated: boolean;
  variants: VariantRecord[];
  created_at: string;
  updated_at: string;
}

/** An email a `notification_user` action sent, as the recipient would read it. */
export interface EmailRecord {
  id: number;
  ticket_id: number;
  trigger_id: number;
  to: { user_id: number; email: string | null; name: string; locale: string };
  brand_id: number | null;
  subject: string;
  /** The plain-text part, as the account's text template renders it. */
  body: string;
  /** The HTML part: the account's HTML template around the rendered trigger body. */
  html_body: string;
  created_at: string;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
}

/** One webhook invocation from a trigger, with every attempt to deliver it. */
export interface DeliveryRecord {
  invocation_id: string;
  webhook_id: string;
  /** The trigger that called the webhook; null for an event (e.g. zen:event-type:user.deleted). */
  trigger_id: number | null;
  /** The ticket the trigger ran on; null for an event. */
  ticket_id: number | null;
  /** The event type of an event delivery, e.g. "zen:event-type:user.deleted". */
  event_type?: string;
  method: string;
  endpoint: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  created_at: string;
}

export interface ZendeskLocaleRecord {
  id: number;
  locale: string;
  name: string;
}

/**
 * Locales the sandbox account has enabled. Guess: Zendesk's numeric ids for en-US (1), es (2),
 * de (8), fr (16) and pt-BR (19) are well known; the others are made up. Clients must look ids
 * up by `locale` (GET /api/v2/locales), never hard-code them.
 */
export const SANDBOX_LOCALES: readonly ZendeskLocaleRecord[] = [
  { id: 1, locale: 'en-US', name: 'English' },
  { id: 2, locale: 'es', name: 'Español' },
  { id: 8, locale: 'de', name: 'Deutsch' },
  { id: 9, locale: 'nl', name: 'Nederlands' },
  { id: 16, locale: 'fr', name: 'Français' },
  { id: 19, locale: 'pt-BR', name: 'Português (Brasil)' },
  { id: 1123, locale: 'ro', name: 'Română' },
  // A language CES does not ship: its requesters get the account's default language.
  { id: 67, locale: 'ja', name: '日本語' },
];

/**
 * The custom roles an Enterprise account starts with include "Staff" and "Team Leader"; the
 * sandbox has those two (ids and configuration are the sandbox's own). "Custom Roles":
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/
 */
export const SANDBOX_CUSTOM_ROLES = [
  {
    id: 360_000_000_001,
    name: 'Staff',
    description: 'Can edit tickets within their groups',
    role_type: 0,
    configuration: { ticket_access: 'within-groups' },
  },
  {
    id: 360_000_000_002,
    name: 'Team Leader',
    description: 'Can manage all tickets and moderate the help center',
    role_type: 0,
    configuration: { ticket_access: 'all' },
  },
] as const;

/** The groups a user belongs to: the default group first, then the others. */
export function userGroupIds(user: UserRecord): number[] {
  const ids = [
    ...(user.default_group_id !== null ? [user.default_group_id] : []),
    ...(user.group_ids ?? []),
  ];
  return [...new Set(ids)];
}
