import crypto from 'node:crypto';
import type {
  DynamicContentItem,
  TicketField,
  Trigger,
  TriggerAction,
  TriggerCondition,
} from '../zendesk/index.js';

/**
 * Short digests of the parts of a Zendesk piece that setup manages. Setup remembers the digest of
 * each piece as it last wrote (or found) it, so a later difference can be told apart: Zendesk still
 * holds our last write (our settings changed since: pending) or someone edited it (drift).
 */

function digest(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

export function normalConditions(list: TriggerCondition[] | undefined): string {
  return JSON.stringify(
    (list ?? []).map((c) => [c.field, c.operator, c.value === undefined ? null : c.value]),
  );
}

export function normalActions(list: TriggerAction[]): string {
  return JSON.stringify(list.map((a) => [a.field, a.value]));
}

export function fieldPrint(field: TicketField): string {
  // Sorted: a reordered drop-down is neither our change nor one that matters.
  const options = (field.custom_field_options ?? [])
    .map((o) => [o.value, o.name])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return digest([field.type, field.title, field.active, options]);
}

/** Only the variants of the languages setup fills count. */
export function itemPrint(item: DynamicContentItem, localeIds: readonly number[]): string {
  const variants = item.variants
    .filter((v) => localeIds.includes(v.locale_id))
    .map((v) => [v.locale_id, v.content, v.active])
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  return digest(variants);
}

export function triggerPrint(trigger: Trigger): string {
  return digest([
    trigger.title,
    trigger.active,
    normalConditions(trigger.conditions.all),
    normalConditions(trigger.conditions.any),
    normalActions(trigger.actions),
  ]);
}
