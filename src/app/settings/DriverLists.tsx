import { useState, type ReactNode } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input } from '@zendeskgarden/react-forms';
import { LOCALES, type Locale } from '../../shared/locales.js';
import {
  DEFAULT_DRIVERS,
  DEFAULT_EASY_DRIVERS,
  isShippedDriver,
  type DriverKind,
  type Settings,
} from '../../shared/settings.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { driverLabel } from '../i18n/format.js';
import {
  addCustomDriver,
  driverListKey,
  removeCustomDriver,
  setDriverLabel,
  toDriverId,
  toggleDriver,
} from './settings-form.js';

const Inline = styled.div`
  display: flex;
  gap: ${(p) => p.theme.space.xs};
  align-items: flex-end;
  flex-wrap: wrap;
`;

const Labels = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  gap: ${(p) => p.theme.space.xs};
`;

/** Each list: its legend, its shipped reasons and the catalog key of its "add" field. */
const LISTS: Record<DriverKind, { legend: string; shipped: readonly string[]; newLabel: string }> =
  {
    hard: {
      legend: 'settings.fields.drivers',
      shipped: DEFAULT_DRIVERS,
      newLabel: 'settings.drivers.newLabel',
    },
    easy: {
      legend: 'settings.fields.easyDrivers',
      shipped: DEFAULT_EASY_DRIVERS,
      newLabel: 'settings.drivers.newEasyLabel',
    },
  };

interface Props {
  kind: DriverKind;
  draft: Settings;
  update: (change: (d: Settings) => Settings) => void;
  problemAt: (path: string) => ReactNode;
  languageName: (locale: Locale) => string;
}

/** One list of reasons: shipped ones to tick, the admin's own with a label per language. */
export function DriverList({ kind, draft, update, problemAt, languageName }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const list = LISTS[kind];
  const chosen = draft[driverListKey(kind)];
  const custom = chosen.filter((id) => !isShippedDriver(id));
  const [label, setLabel] = useState('');
  const add = () => {
    update((d) => addCustomDriver(d, kind, label));
    setLabel('');
  };
  return (
    <Fieldset>
      <Fieldset.Legend>{t(list.legend)}</Fieldset.Legend>
      {list.shipped.map((id) => (
        <Field key={id}>
          <Checkbox
            checked={chosen.includes(id)}
            onChange={(e) => update((d) => toggleDriver(d, kind, id, e.target.checked))}
          >
            <Field.Label>{driverLabel(i18n, id)}</Field.Label>
          </Checkbox>
        </Field>
      ))}
      {custom.map((id) => {
        const name = draft.customDriverLabels[id]?.en || id;
        return (
          <Fieldset key={id}>
            <Fieldset.Legend>{t('settings.drivers.labels', { name })}</Fieldset.Legend>
            <Labels>
              {LOCALES.map((loc) => (
                <Field key={loc}>
                  <Field.Label>
                    {loc === 'en'
                      ? t('settings.drivers.required', { language: languageName(loc) })
                      : languageName(loc)}
                  </Field.Label>
                  <Input
                    value={draft.customDriverLabels[id]?.[loc] ?? ''}
                    placeholder={loc === 'en' ? '' : name}
                    onChange={(e) => update((d) => setDriverLabel(d, id, loc, e.target.value))}
                  />
                </Field>
              ))}
            </Labels>
            {problemAt(`customDriverLabels.${id}`)}
            <Button
              size="small"
              isBasic
              onClick={() => update((d) => removeCustomDriver(d, kind, id))}
            >
              {t('settings.drivers.remove', { name })}
            </Button>
          </Fieldset>
        );
      })}
      {problemAt(driverListKey(kind))}
      <Inline>
        <Field>
          <Field.Label>{t(list.newLabel)}</Field.Label>
          <Field.Hint>{t('settings.drivers.newHint')}</Field.Hint>
          <Input value={label} onChange={(e) => setLabel(e.target.value)} />
        </Field>
        <Button onClick={add} disabled={toDriverId(label) === ''}>
          {t('settings.drivers.add')}
        </Button>
      </Inline>
    </Fieldset>
  );
}
