/**
 * The shapes of the Zendesk Support API objects the service reads and writes. Only the properties
 * we use are typed; Zendesk returns more. Ids are numbers except where Zendesk documents strings
 * (webhooks, trigger categories).
 */

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

export interface CustomFieldValue {
  id: number;
  value: string | number | boolean | string[] | null;
}

export interface ZendeskTicket {
  id: number;
  subject: string | null;
  status: TicketStatus;
  requester_id: number;
  submitter_id: number | null;
  assignee_id: number | null;
  group_id: number | null;
  brand_id: number | null;
  organization_id: number | null;
  tags: string[];
  custom_fields: CustomFieldValue[];
  via: { channel: string };
  satisfaction_rating: { score: string; comment?: string | null } | null;
  created_at: string;
  updated_at: string;
}

/**
 * The part of a ticket's metric set (Ticket Metrics) the report uses: `replies` is "the number of
 * public replies added to a ticket by an agent", `reopens` "total number of times the ticket was
 * reopened" (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/).
 */
export interface ZendeskTicketMetrics {
  ticket_id: number;
  replies: number;
  reopens: number;
  solved_at: string | null;
}

export interface TicketComment {
  id: number;
  type: 'Comment' | 'VoiceComment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body?: string;
  public: boolean;
  created_at: string;
}

/**
 * A single ticket update (Update Ticket). `tags` REPLACES every tag on the ticket: send the full
 * list read from the ticket, with `safe_update` and `updated_stamp` so a concurrent edit is not
 * lost (see `safeTicketUpdate`). Zendesk documents `additional_tags` / `remove_tags` only for
 * Update Many Tickets (TicketBulkUpdate) and ignores them here.
 */
export interface TicketUpdate {
  status?: TicketStatus;
  custom_fields?: CustomFieldValue[];
  tags?: string[];
  comment?: { body?: string; html_body?: string; public?: boolean; author_id?: number };
  assignee_id?: number | null;
  group_id?: number | null;
  /** Optimistic locking: Zendesk answers 409 when the ticket changed after this time. */
  safe_update?: boolean;
  updated_stamp?: string;
}

/** An Update Many Tickets change: the one endpoint documented to add and remove tags. */
export interface TicketBulkUpdate extends TicketUpdate {
  additional_tags?: string[];
  remove_tags?: string[];
}

export interface NewTicket {
  subject?: string;
  comment: { body?: string; html_body?: string; public?: boolean };
  requester_id?: number;
  assignee_id?: number | null;
  group_id?: number | null;
  brand_id?: number | null;
  status?: TicketStatus;
  tags?: string[];
  custom_fields?: CustomFieldValue[];
}

export type TicketFieldType =
  | 'text'
  | 'textarea'
  | 'integer'
  | 'decimal'
  | 'checkbox'
  | 'date'
  | 'regexp'
  | 'tagger'
  | 'multiselect';

export interface TicketFieldOption {
  id?: number;
  name: string;
  value: string;
}

export interface TicketField {
  id: number;
  type: TicketFieldType | string;
  title: string;
  description: string;
  active: boolean;
  required: boolean;
  visible_in_portal: boolean;
  agent_description?: string | null;
  editable_in_portal: boolean;
  position: number;
  tag: string | null;
  custom_field_options?: TicketFieldOption[];
  created_at: string;
  updated_at: string;
}

export interface TicketFieldInput {
  type?: TicketFieldType;
  title?: string;
  description?: string;
  /** Shown to agents only. */
  agent_description?: string;
  active?: boolean;
  required?: boolean;
  visible_in_portal?: boolean;
  editable_in_portal?: boolean;
  position?: number;
  custom_field_options?: TicketFieldOption[];
}

export interface Webhook {
  id: string;
  name: string;
  description?: string;
  status: 'active' | 'inactive';
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  subscriptions: string[];
  authentication?: { type: string; add_position: 'header'; data?: unknown } | null;
  custom_headers?: Record<string, string>;
  created_at: string;
  updated_at: string;
}

export interface WebhookInput {
  name: string;
  description?: string;
  status: 'active' | 'inactive';
  endpoint: string;
  http_method: Webhook['http_method'];
  request_format: Webhook['request_format'];
  subscriptions: string[];
  custom_headers?: Record<string, string>;
}

export interface WebhookSigningSecret {
  algorithm: 'SHA256' | string;
  secret: string;
}

export interface TriggerCondition {
  field: string;
  operator: string;
  value?: string | number | boolean | null;
}

export interface TriggerAction {
  field: string;
  value: string | number | boolean | null | Array<string | number>;
}

export interface Trigger {
  id: number;
  title: string;
  description: string | null;
  active: boolean;
  position: number;
  category_id: string | null;
  conditions: { all: TriggerCondition[]; any: TriggerCondition[] };
  actions: TriggerAction[];
  created_at: string;
  updated_at: string;
}

export interface TriggerInput {
  title: string;
  description?: string | null;
  active?: boolean;
  position?: number;
  category_id?: string | null;
  conditions: { all?: TriggerCondition[]; any?: TriggerCondition[] };
  actions: TriggerAction[];
}

export interface TriggerCategory {
  id: string;
  name: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface DynamicContentVariant {
  id: number;
  content: string;
  locale_id: number;
  active: boolean;
  default: boolean;
  outdated: boolean;
  created_at: string;
  updated_at: string;
}

export interface DynamicContentItem {
  id: number;
  name: string;
  /** What triggers and emails write to use it, e.g. `{{dc.ces_question}}`. */
  placeholder: string;
  default_locale_id: number;
  outdated: boolean;
  variants: DynamicContentVariant[];
  created_at: string;
  updated_at: string;
}

export interface DynamicContentVariantInput {
  locale_id: number;
  content: string;
  active?: boolean;
  default?: boolean;
}

export interface DynamicContentItemInput {
  name: string;
  default_locale_id: number;
  variants: DynamicContentVariantInput[];
}

export type UserRole = 'end-user' | 'agent' | 'admin';

export interface ZendeskUser {
  id: number;
  name: string;
  email: string | null;
  role: UserRole;
  /** BCP-47-ish tag such as `en-US`, `nl`, `pt-BR`. */
  locale: string;
  locale_id: number;
  default_group_id: number | null;
  /** The agent's custom role (Enterprise), else null. */
  custom_role_id?: number | null;
  /** 0 custom agent, 1 light agent, 2 chat agent, 4 admin, ... ("Users" JSON format); null for end users. */
  role_type?: number | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}

/** https://developer.zendesk.com/api-reference/ticketing/groups/group_memberships/ */
export interface GroupMembership {
  id: number;
  user_id: number;
  group_id: number;
  default: boolean;
}

/** https://developer.zendesk.com/api-reference/ticketing/account-configuration/custom_roles/ */
export interface CustomRole {
  id: number;
  name: string;
  description?: string | null;
  role_type: number;
  /** Among others `ticket_access`: "all", "within-groups" or "assigned-only". */
  configuration?: { ticket_access?: string } | null;
}

export interface Group {
  id: number;
  name: string;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

export interface Brand {
  id: number;
  name: string;
  subdomain: string;
  default: boolean;
  active: boolean;
  created_at: string;
  updated_at: string;
}

/** A ticket form: the fields agents see on a ticket that uses it, in order. */
export interface TicketForm {
  id: number;
  name: string;
  active: boolean;
  ticket_field_ids: number[];
}

export interface ZendeskLocale {
  id: number;
  locale: string;
  name: string;
}

export interface JobStatus {
  id: string;
  status: 'queued' | 'working' | 'failed' | 'completed' | 'killed';
  total: number | null;
  progress: number | null;
  message: string | null;
  results: Array<{
    id: number;
    action?: string;
    success?: boolean;
    status?: string;
    errors?: string;
  }> | null;
  url: string;
}
