import { randomUUID } from 'node:crypto';
import { recordInvalid } from './api-error.js';
import { isHtmlBody, wrapInTemplates } from './email-template.js';
import { unsupportedLiquid } from './liquid.js';
import { renderTemplate, resolvePlaceholder } from './placeholders.js';
import {
  TICKET_STATUSES,
  type ActionRecord,
  type ConditionRecord,
  type DeliveryRecord,
  type EmailRecord,
  type TicketRecord,
  type TicketStatus,
  type TriggerRecord,
} from './records.js';
import type { SandboxStore, TicketChanges } from './store.js';
import { normalizeTags } from './tags.js';

/**
 * Zendesk's ticket trigger engine, for the conditions and actions the sandbox knows. After every
 * ticket create or update the active triggers are checked in position order; a trigger whose
 * conditions hold fires (at most once per update) and the check starts over from the first
 * trigger, so later changes can make earlier triggers fire. Notifications are rendered from the
 * ticket as it stands after the whole cycle. Anything the sandbox does not implement is refused
 * with 422 when the trigger is saved, so a setup that relies on it fails loudly here.
 */

const CHANGE_OPERATORS = [
  'changed',
  'not_changed',
  'value',
  'not_value',
  'value_previous',
  'not_value_previous',
];

type ValueKind =
  | 'status'
  | 'tags'
  | 'update_type'
  | 'user'
  | 'group'
  | 'brand'
  | 'role'
  | 'satisfaction'
  | 'field';

interface ConditionSpec {
  operators: string[];
  value: ValueKind;
}

const CONDITIONS: Record<string, ConditionSpec> = {
  status: {
    operators: ['is', 'is_not', 'less_than', 'greater_than', ...CHANGE_OPERATORS],
    value: 'status',
  },
  update_type: { operators: ['is'], value: 'update_type' },
  current_tags: { operators: ['includes', 'not_includes'], value: 'tags' },
  assignee_id: { operators: ['is', 'is_not', ...CHANGE_OPERATORS], value: 'user' },
  requester_id: { operators: ['is', 'is_not'], value: 'user' },
  group_id: { operators: ['is', 'is_not', ...CHANGE_OPERATORS], value: 'group' },
  brand_id: { operators: ['is', 'is_not'], value: 'brand' },
  // "Current user" is an end user / agent.
  role: { operators: ['is', 'is_not'], value: 'role' },
  satisfaction_score: { operators: ['is', 'is_not', ...CHANGE_OPERATORS], value: 'satisfaction' },
};
const FIELD_CONDITION_OPERATORS = ['is', 'is_not', 'present', 'not_present', ...CHANGE_OPERATORS];

const NOTIFY_RECIPIENTS = ['requester_id', 'requester_and_ccs', 'assignee_id', 'current_user'];
const STATUS_ORDER: Record<TicketStatus, number> = {
  new: 0,
  open: 1,
  pending: 2,
  hold: 3,
  solved: 4,
  closed: 5,
};

export interface TriggerInputRecord {
  title: string;
  description?: string | null;
  active?: boolean;
  position?: number;
  category_id?: string | null;
  conditions: { all: ConditionRecord[]; any: ConditionRecord[] };
  actions: ActionRecord[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a trigger body as Zendesk would; an update is merged over the existing trigger first. */
export function validateTrigger(
  store: SandboxStore,
  raw: unknown,
  existing: TriggerRecord | null,
): TriggerInputRecord {
  if (!isRecord(raw)) throw recordInvalid({ base: ['The request needs a "trigger" object.'] });
  const merged: Record<string, unknown> = { ...(existing ?? {}), ...raw };
  const problems: string[] = [];
  if (typeof merged.title !== 'string' || merged.title.trim() === '')
    problems.push('Title: cannot be blank');
  const conditions = isRecord(merged.conditions) ? merged.conditions : {};
  const all = Array.isArray(conditions.all) ? (conditions.all as unknown[]) : [];
  const any = Array.isArray(conditions.any) ? (conditions.any as unknown[]) : [];
  if (all.length + any.length === 0)
    problems.push('Conditions: a trigger needs at least one condition');
  const checked = {
    all: all.map((c) => checkCondition(store, c, problems)),
    any: any.map((c) => checkCondition(store, c, problems)),
  };
  const rawActions = Array.isArray(merged.actions) ? (merged.actions as unknown[]) : [];
  if (rawActions.length === 0) problems.push('Actions: a trigger needs at least one action');
  const actions = rawActions.map((a) => checkAction(store, a, problems));
  if (merged.category_id != null && !store.categoryMap.has(String(merged.category_id))) {
    problems.push(`Category: ${String(merged.category_id)} does not exist`);
  }
  if (merged.position !== undefined && typeof merged.position !== 'number') {
    problems.push('Position: must be a number');
  }
  if (problems.length > 0) throw recordInvalid({ base: problems });
  return {
    title: merged.title as string,
    description: typeof merged.description === 'string' ? merged.description : null,
    active: typeof merged.active === 'boolean' ? merged.active : undefined,
    position: typeof merged.position === 'number' ? merged.position : undefined,
    category_id: merged.category_id == null ? null : String(merged.category_id),
    conditions: checked,
    actions,
  };
}

function checkCondition(store: SandboxStore, raw: unknown, problems: string[]): ConditionRecord {
  if (!isRecord(raw) || typeof raw.field !== 'string' || typeof raw.operator !== 'string') {
    problems.push('Conditions: each needs a field and an operator');
    return { field: '', operator: '' };
  }
  const condition: ConditionRecord = {
    field: raw.field,
    operator: raw.operator,
    value: (raw.value ?? null) as ConditionRecord['value'],
  };
  const fieldMatch = /^custom_fields_(\d+)$/.exec(condition.field);
  const spec: ConditionSpec | undefined = fieldMatch
    ? { operators: FIELD_CONDITION_OPERATORS, value: 'field' }
    : CONDITIONS[condition.field];
  if (!spec) {
    problems.push(
      `Conditions: the sandbox does not support the condition field "${condition.field}" (supported: ${Object.keys(CONDITIONS).join(', ')}, custom_fields_<id>)`,
    );
    return condition;
  }
  if (!spec.operators.includes(condition.operator)) {
    problems.push(
      `Conditions: operator "${condition.operator}" is not valid for "${condition.field}" (use ${spec.operators.join(', ')})`,
    );
    return condition;
  }
  const needsValue = !['changed', 'not_changed', 'present', 'not_present'].includes(
    condition.operator,
  );
  if (!needsValue) return condition;
  const value = condition.value;
  const text = value === null || value === undefined ? '' : String(value);
  switch (spec.value) {
    case 'status':
      if (!TICKET_STATUSES.includes(text as TicketStatus))
        problems.push(`Conditions: "${text}" is not a ticket status`);
      break;
    case 'update_type':
      if (text !== 'Create' && text !== 'Change')
        problems.push('Conditions: update_type is "Create" or "Change"');
      break;
    case 'tags':
      if (normalizeTags(text).length === 0)
        problems.push(`Conditions: ${condition.field} needs at least one tag`);
      break;
    case 'role':
      if (!['end_user', 'agent', 'admin'].includes(text))
        problems.push('Conditions: role is "end_user", "agent" or "admin"');
      break;
    case 'satisfaction':
      if (!['unoffered', 'offered', 'good', 'bad'].includes(text))
        problems.push(`Conditions: "${text}" is not a satisfaction score`);
      break;
    case 'user':
      if (text !== '' && text !== 'current_user' && !store.userMap.has(Number(text))) {
        problems.push(`Conditions: user ${text} does not exist`);
      }
      break;
    case 'group':
      if (text !== '' && !store.groupMap.has(Number(text)))
        problems.push(`Conditions: group ${text} does not exist`);
      break;
    case 'brand':
      if (text !== '' && !store.brandMap.has(Number(text)))
        problems.push(`Conditions: brand ${text} does not exist`);
      break;
    case 'field':
      if (!store.fieldMap.has(Number(fieldMatch?.[1])))
        problems.push(`Conditions: ticket field ${fieldMatch?.[1]} does not exist`);
      break;
  }
  return condition;
}

function checkAction(store: SandboxStore, raw: unknown, problems: string[]): ActionRecord {
  if (!isRecord(raw) || typeof raw.field !== 'string') {
    problems.push('Actions: each needs a field and a value');
    return { field: '', value: null };
  }
  const action: ActionRecord = {
    field: raw.field,
    value: (raw.value ?? null) as ActionRecord['value'],
  };
  const value = action.value;
  const fieldMatch = /^custom_fields_(\d+)$/.exec(action.field);
  if (fieldMatch) {
    if (!store.fieldMap.has(Number(fieldMatch[1])))
      problems.push(`Actions: ticket field ${fieldMatch[1]} does not exist`);
    return action;
  }
  switch (action.field) {
    case 'status':
      if (!TICKET_STATUSES.includes(String(value) as TicketStatus))
        problems.push(`Actions: "${String(value)}" is not a ticket status`);
      break;
    case 'set_tags':
    case 'current_tags':
    case 'remove_tags':
      if (
        typeof value !== 'string' ||
        (action.field !== 'set_tags' && normalizeTags(value).length === 0)
      ) {
        problems.push(`Actions: ${action.field} needs a space-separated string of tags`);
      }
      break;
    case 'assignee_id':
      if (value !== '' && value !== 'current_user' && !store.userMap.has(Number(value))) {
        problems.push(`Actions: user ${String(value)} does not exist`);
      }
      break;
    case 'group_id':
      if (value !== '' && !store.groupMap.has(Number(value)))
        problems.push(`Actions: group ${String(value)} does not exist`);
      break;
    case 'notification_webhook': {
      if (!Array.isArray(value) || value.length !== 2 || typeof value[1] !== 'string') {
        problems.push('Actions: notification_webhook takes [webhook id, request body]');
        break;
      }
      const webhook = store.webhookMap.get(String(value[0]));
      if (!webhook) problems.push(`Actions: webhook ${String(value[0])} does not exist`);
      else if (!webhook.subscriptions.includes('conditional_ticket_events')) {
        problems.push(
          `Actions: webhook ${webhook.id} is not subscribed to conditional_ticket_events, so triggers cannot use it`,
        );
      }
      break;
    }
    case 'notification_user': {
      if (
        !Array.isArray(value) ||
        value.length !== 3 ||
        value.some((v) => typeof v !== 'string' && typeof v !== 'number')
      ) {
        problems.push('Actions: notification_user takes [recipient, subject, body]');
        break;
      }
      const recipient = String(value[0]);
      if (!NOTIFY_RECIPIENTS.includes(recipient) && !store.userMap.has(Number(recipient))) {
        problems.push(
          `Actions: "${recipient}" is not a recipient (use ${NOTIFY_RECIPIENTS.join(', ')} or a user id)`,
        );
      }
      if (String(value[1]).trim() === '')
        problems.push('Actions: the email subject cannot be blank');
      // Liquid the sandbox cannot render would reach customers as markup: refuse it here.
      for (const problem of unsupportedLiquid(`${String(value[1])}${String(value[2])}`)) {
        problems.push(`Actions: the sandbox does not support ${problem} in an email`);
      }
      break;
    }
    case 'notification_group': {
      // Actions reference: [recipient, subject, body]; "group_id" is the ticket's group.
      if (
        !Array.isArray(value) ||
        value.length !== 3 ||
        value.some((v) => typeof v !== 'string' && typeof v !== 'number')
      ) {
        problems.push('Actions: notification_group takes [group, subject, body]');
        break;
      }
      const group = String(value[0]);
      if (group !== 'group_id' && !store.groupMap.has(Number(group))) {
        problems.push(`Actions: "${group}" is not a group (use group_id or a group id)`);
      }
      if (String(value[1]).trim() === '')
        problems.push('Actions: the email subject cannot be blank');
      for (const problem of unsupportedLiquid(`${String(value[1])}${String(value[2])}`)) {
        problems.push(`Actions: the sandbox does not support ${problem} in an email`);
      }
      break;
    }
    default:
      problems.push(
        `Actions: the sandbox does not support the action "${action.field}" (supported: status, set_tags, current_tags, remove_tags, assignee_id, group_id, custom_fields_<id>, notification_webhook, notification_user, notification_group)`,
      );
  }
  return action;
}

// ------------------------------------------------------------------------------ evaluation

interface Cycle {
  before: TicketRecord | null;
  ticket: TicketRecord;
  actorId: number;
}

function scalar(ticket: TicketRecord | null, field: string): string {
  if (!ticket) return '';
  const custom = /^custom_fields_(\d+)$/.exec(field);
  if (custom) {
    const value = ticket.custom_fields.find((f) => f.id === Number(custom[1]))?.value;
    return value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.join(' ')
        : String(value);
  }
  if (field === 'satisfaction_score') return ticket.satisfaction_rating?.score ?? '';
  const value = (ticket as unknown as Record<string, unknown>)[field];
  return value === null || value === undefined ? '' : String(value);
}

function conditionHolds(store: SandboxStore, condition: ConditionRecord, cycle: Cycle): boolean {
  const { ticket, before, actorId } = cycle;
  const { field, operator } = condition;
  let wanted =
    condition.value === null || condition.value === undefined ? '' : String(condition.value);
  if (wanted === 'current_user') wanted = String(actorId);
  switch (field) {
    case 'update_type':
      return (before === null ? 'Create' : 'Change') === wanted;
    case 'current_tags': {
      const tags = normalizeTags(wanted);
      const hit = tags.some((t) => ticket.tags.includes(t));
      return operator === 'includes' ? hit : !hit;
    }
    case 'role': {
      const role = store.users.find(actorId)?.role ?? 'end-user';
      const actual = role === 'end-user' ? 'end_user' : role;
      // Zendesk's "agent" covers admins too.
      const match = actual === wanted || (wanted === 'agent' && actual === 'admin');
      return operator === 'is' ? match : !match;
    }
  }
  const now = scalar(ticket, field);
  const previous = scalar(before, field);
  const changed = before === null ? now !== '' : now !== previous;
  switch (operator) {
    case 'is':
      return now === wanted;
    case 'is_not':
      return now !== wanted;
    case 'present':
      return now !== '';
    case 'not_present':
      return now === '';
    case 'less_than':
      return STATUS_ORDER[now as TicketStatus] < STATUS_ORDER[wanted as TicketStatus];
    case 'greater_than':
      return STATUS_ORDER[now as TicketStatus] > STATUS_ORDER[wanted as TicketStatus];
    case 'changed':
      return changed;
    case 'not_changed':
      return !changed;
    case 'value':
      return changed && now === wanted;
    case 'not_value':
      return !(changed && now === wanted);
    case 'value_previous':
      return changed && previous === wanted;
    case 'not_value_previous':
      return !(changed && previous === wanted);
    default:
      return false;
  }
}

function triggerHolds(store: SandboxStore, trigger: TriggerRecord, cycle: Cycle): boolean {
  const all = trigger.conditions.all.every((c) => conditionHolds(store, c, cycle));
  const any =
    trigger.conditions.any.length === 0 ||
    trigger.conditions.any.some((c) => conditionHolds(store, c, cycle));
  return all && any;
}

interface PendingNotice {
  trigger: TriggerRecord;
  action: ActionRecord;
}

function applyAction(
  store: SandboxStore,
  action: ActionRecord,
  cycle: Cycle,
  events: Array<Record<string, unknown>>,
): void {
  const value = action.value;
  const text = value === null || value === undefined ? '' : String(value);
  const changes: TicketChanges = {};
  const custom = /^custom_fields_(\d+)$/.exec(action.field);
  if (custom) changes.custom_fields = [{ id: Number(custom[1]), value: text }];
  else {
    switch (action.field) {
      case 'status':
        changes.status = text as TicketStatus;
        break;
      case 'set_tags':
        changes.tags = text;
        break;
      case 'current_tags':
        changes.additional_tags = text;
        break;
      case 'remove_tags':
        changes.remove_tags = text;
        break;
      case 'assignee_id':
        changes.assignee_id =
          text === '' ? null : text === 'current_user' ? cycle.actorId : Number(text);
        break;
      case 'group_id':
        changes.group_id = text === '' ? null : Number(text);
        break;
      default:
        return;
    }
  }
  cycle.ticket = store.applyChanges(cycle.ticket, changes, cycle.actorId, events, false);
}

export interface TriggerOutcome {
  fired: number[];
  emails: EmailRecord[];
  deliveries: DeliveryRecord[];
}

/** Runs the engine on a saved create (before = null) or update; mutates `ticket` in place. */
export function runTriggers(
  store: SandboxStore,
  input: {
    before: TicketRecord | null;
    ticket: TicketRecord;
    actorId: number;
    events: Array<Record<string, unknown>>;
  },
): TriggerOutcome {
  const cycle: Cycle = { before: input.before, ticket: input.ticket, actorId: input.actorId };
  const active = store.triggers.list().filter((t) => t.active);
  const fired: number[] = [];
  const notices: PendingNotice[] = [];
  for (let progress = true; progress;) {
    progress = false;
    for (const trigger of active) {
      if (fired.includes(trigger.id) || !triggerHolds(store, trigger, cycle)) continue;
      fired.push(trigger.id);
      for (const action of trigger.actions) {
        if (
          action.field === 'notification_webhook' ||
          action.field === 'notification_user' ||
          action.field === 'notification_group'
        ) {
          notices.push({ trigger, action });
        } else {
          applyAction(store, action, cycle, input.events);
        }
      }
      progress = true;
      break;
    }
  }
  // The engine worked on the stored object; keep its identity for the caller.
  if (cycle.ticket !== input.ticket) Object.assign(input.ticket, cycle.ticket);
  const ticket = input.ticket;
  const emails: EmailRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  const at = new Date(store.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const { trigger, action } of notices) {
    const value = action.value as Array<string | number>;
    if (action.field === 'notification_user' || action.field === 'notification_group') {
      const to =
        action.field === 'notification_group'
          ? groupMembers(store, String(value[0]), ticket)
          : recipients(store, String(value[0]), ticket, cycle.actorId);
      for (const recipient of to) {
        const ctx = { store, ticket, actorId: cycle.actorId, localeUser: recipient };
        const template = String(value[2]);
        const content = renderTemplate(template, {
          ...ctx,
          escape: isHtmlBody(template) ? 'html' : undefined,
        });
        const parts = wrapInTemplates(content, resolvePlaceholder('ticket.account', ctx) ?? '');
        emails.push({
          id: store.emails.nextId(),
          ticket_id: ticket.id,
          trigger_id: trigger.id,
          to: {
            user_id: recipient.id,
            email: recipient.email,
            name: recipient.name,
            locale: recipient.locale,
          },
          brand_id: ticket.brand_id,
          subject: renderTemplate(String(value[1]), ctx),
          body: parts.text,
          html_body: parts.html,
          created_at: at,
        });
        input.events.push({
          type: 'Notification',
          via: { source: { rel: 'trigger', id: trigger.id } },
          recipients: [recipient.id],
        });
      }
      continue;
    }
    const webhook = store.webhookMap.get(String(value[0]));
    // Zendesk skips deleted and deactivated webhooks.
    if (!webhook || webhook.status !== 'active') continue;
    const requester = store.users.find(ticket.requester_id);
    const body = renderTemplate(String(value[1]), {
      store,
      ticket,
      actorId: cycle.actorId,
      localeUser: requester,
      escape: webhook.request_format === 'json' ? 'json' : undefined,
    });
    deliveries.push({
      invocation_id: randomUUID(),
      webhook_id: webhook.id,
      trigger_id: trigger.id,
      ticket_id: ticket.id,
      method: webhook.http_method,
      endpoint: webhook.endpoint,
      body,
      status: 'pending',
      attempts: [],
      created_at: at,
    });
    input.events.push({
      type: 'WebhookEvent',
      webhook_id: webhook.id,
      via: { source: { rel: 'trigger', id: trigger.id } },
    });
  }
  return { fired, emails, deliveries };
}

/** The agents of the ticket's group ("group_id") or of one group; none when there is no group. */
function groupMembers(store: SandboxStore, group: string, ticket: TicketRecord) {
  const id = group === 'group_id' ? ticket.group_id : Number(group);
  if (id === null) return [];
  return store.users
    .list()
    .filter((u) => u.active && u.role !== 'end-user' && (u.group_ids ?? []).includes(id));
}

function recipients(store: SandboxStore, who: string, ticket: TicketRecord, actorId: number) {
  const id =
    who === 'requester_id' || who === 'requester_and_ccs'
      ? ticket.requester_id
      : who === 'assignee_id'
        ? ticket.assignee_id
        : who === 'current_user'
          ? actorId
          : Number(who);
  const user = store.users.find(id);
  return user ? [user] : [];
}
