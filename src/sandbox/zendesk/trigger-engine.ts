import { randomUUID } from 'node:crypto';
import { isHtmlBody, wrapInTemplates } from './email-template.js';
import { renderTemplate, resolvePlaceholder } from './placeholders.js';
import type {
  ActionRecord,
  ConditionRecord,
  DeliveryRecord,
  EmailRecord,
  TicketRecord,
  TicketStatus,
  TriggerRecord,
} from './records.js';
import type { TicketChanges } from './store/ticket-changes.js';
import { normalizeTags } from './tags.js';
import type { TriggerAccount } from './trigger-account.js';

/**
 * Zendesk's ticket trigger engine, for the conditions and actions the sandbox knows. After every
 * ticket create or update the active triggers are checked in position order; a trigger whose
 * conditions hold fires (at most once per update) and the check starts over from the first
 * trigger, so later changes can make earlier triggers fire. Notifications are rendered from the
 * ticket as it stands after the whole cycle. What a trigger may say is checked when it is saved
 * (trigger-validation.ts). The engine reads and changes the account only through TriggerAccount.
 */

const STATUS_ORDER: Record<TicketStatus, number> = {
  new: 0,
  open: 1,
  pending: 2,
  hold: 3,
  solved: 4,
  closed: 5,
};

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

function conditionHolds(
  account: TriggerAccount,
  condition: ConditionRecord,
  cycle: Cycle,
): boolean {
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
      const role = account.users.find(actorId)?.role ?? 'end-user';
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

function triggerHolds(account: TriggerAccount, trigger: TriggerRecord, cycle: Cycle): boolean {
  const all = trigger.conditions.all.every((c) => conditionHolds(account, c, cycle));
  const any =
    trigger.conditions.any.length === 0 ||
    trigger.conditions.any.some((c) => conditionHolds(account, c, cycle));
  return all && any;
}

interface PendingNotice {
  trigger: TriggerRecord;
  action: ActionRecord;
}

function applyAction(
  account: TriggerAccount,
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
  cycle.ticket = account.applyChanges(cycle.ticket, changes, cycle.actorId, events);
}

export interface TriggerOutcome {
  fired: number[];
  emails: EmailRecord[];
  deliveries: DeliveryRecord[];
}

/** Runs the engine on a saved create (before = null) or update; mutates `ticket` in place. */
export function runTriggers(
  account: TriggerAccount,
  input: {
    before: TicketRecord | null;
    ticket: TicketRecord;
    actorId: number;
    events: Array<Record<string, unknown>>;
  },
): TriggerOutcome {
  const cycle: Cycle = { before: input.before, ticket: input.ticket, actorId: input.actorId };
  const active = account.triggers.list().filter((t) => t.active);
  const fired: number[] = [];
  const notices: PendingNotice[] = [];
  for (let progress = true; progress;) {
    progress = false;
    for (const trigger of active) {
      if (fired.includes(trigger.id) || !triggerHolds(account, trigger, cycle)) continue;
      fired.push(trigger.id);
      for (const action of trigger.actions) {
        if (
          action.field === 'notification_webhook' ||
          action.field === 'notification_user' ||
          action.field === 'notification_group'
        ) {
          notices.push({ trigger, action });
        } else {
          applyAction(account, action, cycle, input.events);
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
  const at = new Date(account.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const { trigger, action } of notices) {
    const value = action.value as Array<string | number>;
    if (action.field === 'notification_user' || action.field === 'notification_group') {
      const to =
        action.field === 'notification_group'
          ? groupMembers(account, String(value[0]), ticket)
          : recipients(account, String(value[0]), ticket, cycle.actorId);
      for (const recipient of to) {
        const ctx = { account, ticket, actorId: cycle.actorId, localeUser: recipient };
        const template = String(value[2]);
        const content = renderTemplate(template, {
          ...ctx,
          escape: isHtmlBody(template) ? 'html' : undefined,
        });
        const parts = wrapInTemplates(content, resolvePlaceholder('ticket.account', ctx) ?? '');
        emails.push({
          id: account.emails.nextId(),
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
    const webhook = account.webhooks.find(String(value[0]));
    // Zendesk skips deleted and deactivated webhooks.
    if (!webhook || webhook.status !== 'active') continue;
    const requester = account.users.find(ticket.requester_id);
    const body = renderTemplate(String(value[1]), {
      account,
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
function groupMembers(account: TriggerAccount, group: string, ticket: TicketRecord) {
  const id = group === 'group_id' ? ticket.group_id : Number(group);
  if (id === null) return [];
  return account.users
    .list()
    .filter((u) => u.active && u.role !== 'end-user' && (u.group_ids ?? []).includes(id));
}

function recipients(account: TriggerAccount, who: string, ticket: TicketRecord, actorId: number) {
  const id =
    who === 'requester_id' || who === 'requester_and_ccs'
      ? ticket.requester_id
      : who === 'assignee_id'
        ? ticket.assignee_id
        : who === 'current_user'
          ? actorId
          : Number(who);
  const user = account.users.find(id);
  return user ? [user] : [];
}
