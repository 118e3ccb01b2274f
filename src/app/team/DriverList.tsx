import styled from 'styled-components';
import type { DriverShare } from '../../shared/api-types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { countMessage, driverLabel, formatShare } from '../i18n/format.js';
import { hue } from '../layout/colors.js';

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

/** Drivers among difficult answers, largest share first: what to fix first. */
export function DriverList({ drivers }: { drivers: DriverShare[] }) {
  const i18n = useI18n();
  return (
    <List>
      {drivers.map((d) => (
        <li key={d.driver}>
          <strong>{driverLabel(i18n, d.driver)}</strong>
          {' · '}
          {formatShare(i18n, d.share)}
          {' · '}
          {countMessage(i18n, 'team.drivers.count', d.count)}
          <Bar aria-hidden="true">
            <span style={{ width: `${Math.round(d.share.value * 100)}%` }} />
          </Bar>
        </li>
      ))}
    </List>
  );
}
