import { useState } from 'react';
import styled from 'styled-components';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { MAX_PERIOD_DAYS } from '../../shared/period-days.js';
import type { ReportFilters } from '../../shared/api-types.js';
import type { NamedRecord } from '../api/zendesk.js';
import { formatCount } from '../i18n/format.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { hue } from '../layout/colors.js';
import {
  CHANNELS,
  PERIOD_CHOICES,
  rangeProblem,
  type FilterChoice,
  type PeriodDays,
} from './period.js';

const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.sm};
  align-items: flex-end;
  > * {
    min-width: 160px;
  }
`;

/** Why the typed dates make no period; the report keeps the last good one meanwhile. */
const RangeProblem = styled.p`
  flex-basis: 100%;
  margin: 0;
  color: ${hue('red', 700)};
  font-size: ${(p) => p.theme.fontSizes.sm};
`;

const ALL = '';
const CUSTOM = 'custom';

function idOrUndefined(value: string): number | undefined {
  return value === ALL ? undefined : Number(value);
}

/** Period, group, brand and channel: what every figure on the page is narrowed to. */
export function Filters({
  choice,
  current,
  today,
  groups,
  brands,
  onChange,
  allGroups = true,
}: {
  choice: FilterChoice;
  /** The days the choice stands for now: where a custom range starts from. */
  current: ReportFilters;
  /** The reader's today (YYYY-MM-DD): the last day a custom range may end on. */
  today: string;
  groups: NamedRecord[];
  /** False for a team lead: their page covers one of their groups at a time, never all. */
  allGroups?: boolean;
  brands: NamedRecord[];
  onChange: (next: FilterChoice) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  // The dates as typed; the report follows only once they make a period it can show.
  const [draft, setDraft] = useState(choice.range ?? { from: current.from, to: current.to });
  const [custom, setCustom] = useState(choice.range !== undefined);
  const problem = custom ? rangeProblem(draft.from, draft.to, today) : null;
  const editRange = (next: { from: string; to: string }) => {
    setDraft(next);
    if (rangeProblem(next.from, next.to, today) === null) onChange({ ...choice, range: next });
  };
  return (
    <Row role="group" aria-label={t('team.filters.label')}>
      <Field>
        <Field.Label>{t('team.filters.period')}</Field.Label>
        <Select
          value={custom ? CUSTOM : String(choice.days)}
          onChange={(e) => {
            if (e.target.value === CUSTOM) {
              // Starts from the days on screen, so choosing "custom" changes nothing yet.
              setCustom(true);
              editRange({ from: current.from, to: current.to });
              return;
            }
            setCustom(false);
            const { range: _dropped, ...rest } = choice;
            onChange({ ...rest, days: Number(e.target.value) as PeriodDays });
          }}
        >
          {PERIOD_CHOICES.map((d) => (
            <option key={d} value={d}>
              {t('team.filters.lastDays', { days: formatCount(i18n, d) })}
            </option>
          ))}
          <option value={CUSTOM}>{t('team.filters.custom')}</option>
        </Select>
      </Field>
      {custom && (
        <>
          {/* Literal keys, so the catalog test sees them. */}
          {(
            [
              ['from', t('team.filters.from')],
              ['to', t('team.filters.to')],
            ] as const
          ).map(([end, label]) => (
            <Field key={end}>
              <Field.Label>{label}</Field.Label>
              <Input
                type="date"
                value={draft[end]}
                max={today}
                required
                validation={problem ? 'error' : undefined}
                aria-describedby={problem ? 'ces-range-problem' : undefined}
                onChange={(e) => editRange({ ...draft, [end]: e.target.value })}
              />
            </Field>
          ))}
          {problem && (
            <RangeProblem id="ces-range-problem" role="alert">
              {t(`team.filters.rangeErrors.${problem}`, {
                max: formatCount(i18n, MAX_PERIOD_DAYS),
              })}
            </RangeProblem>
          )}
        </>
      )}
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
