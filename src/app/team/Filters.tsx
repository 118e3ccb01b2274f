import styled from 'styled-components';
import { Field, Select } from '@zendeskgarden/react-forms';
import type { NamedRecord } from '../api/zendesk.js';
import { formatCount } from '../i18n/format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { CHANNELS, PERIOD_CHOICES, type FilterChoice, type PeriodDays } from './period.js';

const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.sm};
  align-items: flex-end;
  > * {
    min-width: 160px;
  }
`;

const ALL = '';

function idOrUndefined(value: string): number | undefined {
  return value === ALL ? undefined : Number(value);
}

/** Period, group, brand and channel: what every figure on the page is narrowed to. */
export function Filters({
  choice,
  groups,
  brands,
  onChange,
  allGroups = true,
}: {
  choice: FilterChoice;
  groups: NamedRecord[];
  /** False for a team lead: their page covers one of their groups at a time, never all. */
  allGroups?: boolean;
  brands: NamedRecord[];
  onChange: (next: FilterChoice) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Row role="group" aria-label={t('team.filters.label')}>
      <Field>
        <Field.Label>{t('team.filters.period')}</Field.Label>
        <Select
          value={String(choice.days)}
          onChange={(e) => onChange({ ...choice, days: Number(e.target.value) as PeriodDays })}
        >
          {PERIOD_CHOICES.map((d) => (
            <option key={d} value={d}>
              {t('team.filters.lastDays', { days: formatCount(i18n, d) })}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        <Field.Label>{t('team.filters.group')}</Field.Label>
        <Select
          value={choice.groupId === undefined ? ALL : String(choice.groupId)}
          onChange={(e) => onChange({ ...choice, groupId: idOrUndefined(e.target.value) })}
        >
          {allGroups && <option value={ALL}>{t('team.filters.allGroups')}</option>}
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        <Field.Label>{t('team.filters.brand')}</Field.Label>
        <Select
          value={choice.brandId === undefined ? ALL : String(choice.brandId)}
          onChange={(e) => onChange({ ...choice, brandId: idOrUndefined(e.target.value) })}
        >
          <option value={ALL}>{t('team.filters.allBrands')}</option>
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        <Field.Label>{t('team.filters.channel')}</Field.Label>
        <Select
          value={choice.channel ?? ALL}
          onChange={(e) =>
            onChange({ ...choice, channel: e.target.value === ALL ? undefined : e.target.value })
          }
        >
          <option value={ALL}>{t('team.filters.allChannels')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`team.channels.${c}`)}
            </option>
          ))}
        </Select>
      </Field>
    </Row>
  );
}
