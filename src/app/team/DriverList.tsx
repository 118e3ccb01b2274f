import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import type { DriverShare, Metrics } from '../../shared/api-types.js';
import { driverBase } from '../../shared/scoring.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { countMessage, driverLabel, formatCount, formatShare } from '../i18n/format.js';
import { hue } from '../layout/colors.js';
import { Muted } from '../layout/Section.js';

const List = styled.ol`
  margin: 0;
  padding-left: ${(p) => p.theme.space.md};
  li + li {
    margin-top: ${(p) => p.theme.space.xs};
  }
`;

const Bar = styled.div`
  height: 8px;
  margin-top: 2px;
  max-width: 360px;
  background: ${hue('grey', 200)};
  span {
    display: block;
    height: 100%;
    background: ${hue('red', 600)};
  }
`;

/**
 * Drivers among difficult answers, largest share first: what to fix first. Each share says what
 * it is out of (every difficult answer, also those without a reason), and each reason filters the
 * high-effort list below to its answers.
 */
export function DriverList({
  drivers,
  team,
  selected,
  onSelect,
}: {
  drivers: DriverShare[];
  team: Pick<Metrics, 'n' | 'difficult'>;
  selected: string | null;
  onSelect: (driver: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const base = driverBase(team, drivers);
  return (
    <>
      <List>
        {drivers.map((d) => (
          <li key={d.driver}>
            <Button
              isLink
              aria-pressed={selected === d.driver}
              aria-label={t('team.drivers.showFor', { reason: driverLabel(i18n, d.driver) })}
              onClick={() => onSelect(d.driver)}
            >
              <strong>{driverLabel(i18n, d.driver)}</strong>
            </Button>
            {' · '}
            {formatShare(i18n, d.share)}
            {' · '}
            {countMessage(i18n, 'team.drivers.ofDifficult', base.difficult, {
              named: formatCount(i18n, d.count),
            })}
            <Bar aria-hidden="true">
              <span style={{ width: `${Math.round(d.share.value * 100)}%` }} />
            </Bar>
          </li>
        ))}
      </List>
      {base.unnamed > 0 && (
        <Muted>{countMessage(i18n, 'team.drivers.unnamed', base.unnamed)}</Muted>
      )}
    </>
  );
}
