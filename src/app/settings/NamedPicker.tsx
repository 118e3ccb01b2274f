import { Checkbox, Field, Fieldset } from '@zendeskgarden/react-forms';
import type { ReactNode } from 'react';
import type { NamedRecord } from '../api/zendesk.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { CheckboxList } from '../layout/CheckboxList.js';

/**
 * Groups or brands picked by name, as Zendesk lists them; the settings keep their ids. An id
 * excluded before but not in the list (deleted, or the list did not load) stays shown by number,
 * so it can still be taken out.
 */
export function NamedPicker({
  legend,
  hint,
  options,
  selected,
  unknownLabel,
  loadFailed,
  onChange,
  problem,
}: {
  legend: string;
  hint: string;
  /** Zendesk's groups or brands; null while loading. */
  options: NamedRecord[] | null;
  selected: readonly number[];
  unknownLabel: (id: number) => string;
  loadFailed: string | null;
  onChange: (ids: number[]) => void;
  problem?: ReactNode;
}) {
  const { t, intlLocale } = useI18n();
  const listed = new Set((options ?? []).map((o) => o.id));
  const items = [
    ...[...(options ?? [])].sort((a, b) => new Intl.Collator(intlLocale).compare(a.name, b.name)),
    ...selected.filter((id) => !listed.has(id)).map((id) => ({ id, name: unknownLabel(id) })),
  ];
  const toggle = (id: number, on: boolean) =>
    onChange(on ? [...selected.filter((x) => x !== id), id] : selected.filter((x) => x !== id));
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      <Field.Hint>{hint}</Field.Hint>
      {loadFailed && <Field.Hint role="note">{loadFailed}</Field.Hint>}
      {options === null && !loadFailed ? (
        <Field.Hint role="status">{t('common.loading')}</Field.Hint>
      ) : items.length === 0 ? (
        <Field.Hint>{t('settings.exclusions.none')}</Field.Hint>
      ) : (
        <CheckboxList>
          {items.map((item) => (
            <Field key={item.id}>
              <Checkbox
                checked={selected.includes(item.id)}
                onChange={(e) => toggle(item.id, e.target.checked)}
              >
                <Field.Label isRegular>{item.name}</Field.Label>
              </Checkbox>
            </Field>
          ))}
        </CheckboxList>
      )}
      {problem}
    </Fieldset>
  );
}
