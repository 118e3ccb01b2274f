import { recordInvalid } from './api-error.js';
import { unsupportedLiquid } from './liquid.js';
import {
  TICKET_STATUSES,
  type ActionRecord,
  type ConditionRecord,
  type TicketStatus,
  type TriggerRecord,
} from './records.js';
import { normalizeTags } from './tags.js';
import type { AccountLookups } from './trigger-account.js';

/**
 * What a trigger may say, checked when it is saved: anything the sandbox's engine
 * (trigger-engine.ts) does not implement is refused with 422, so a setup that relies on it fails
 * loudly here rather than a trigger silently never firing.
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
  account: AccountLookups,
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
    all: all.map((c) => checkCondition(account, c, problems)),
    any: any.map((c) => checkCondition(account, c, problems)),
  };
  const rawActions = Array.isArray(merged.actions) ? (merged.actions as unknown[]) : [];
  if (rawActions.length === 0) problems.push('Actions: a trigger needs at least one action');
  const actions = rawActions.map((a) => checkAction(account, a, problems));
  if (merged.category_id != null && !account.triggerCategories.find(String(merged.category_id))) {
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

function checkCondition(
  account: AccountLookups,
  raw: unknown,
  problems: string[],
): ConditionRecord {
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
      if (text !== '' && text !== 'current_user' && !account.users.find(Number(text))) {
        problems.push(`Conditions: user ${text} does not exist`);
      }
      break;
    case 'group':
      if (text !== '' && !account.groups.find(Number(text)))
        problems.push(`Conditions: group ${text} does not exist`);
      break;
    case 'brand':
      if (text !== '' && !account.brands.find(Number(text)))
        problems.push(`Conditions: brand ${text} does not exist`);
      break;
    case 'field':
      if (!account.ticketFields.find(Number(fieldMatch?.[1])))
        problems.push(`Conditions: ticket field ${fieldMatch?.[1]} does not exist`);
      break;
  }
  return condition;
}

function checkAction(account: AccountLookups, raw: unknown, problems: string[]): ActionRecord {
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
    if (!account.ticketFields.find(Number(fieldMatch[1])))
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
      if (value !== '' && value !== 'current_user' && !account.users.find(Number(value))) {
        problems.push(`Actions: user ${String(value)} does not exist`);
      }
      break;
    case 'group_id':
      if (value !== '' && !account.groups.find(Number(value)))
        problems.push(`Actions: group ${String(value)} does not exist`);
      break;
    case 'notification_webhook': {
      if (!Array.isArray(value) || value.length !== 2 || typeof value[1] !== 'string') {
        problems.push('Actions: notification_webhook takes [webhook id, request body]');
        break;
      }
      const webhook = account.webhooks.find(String(value[0]));
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
      if (!NOTIFY_RECIPIENTS.includes(recipient) && !account.users.find(Number(recipient))) {
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
      if (group !== 'group_id' && !account.groups.find(Number(group))) {
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
