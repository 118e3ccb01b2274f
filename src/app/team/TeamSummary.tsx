import styled from 'styled-components';
import type { ReportResponse } from '../../shared/api-types.js';
import { getScale } from '../../shared/scales.js';
import { useI18n } from '../i18n/I18nProvider.js';
import {
  formatCount,
  formatNes,
  formatNumber,
  formatPercent,
  formatShare,
} from '../i18n/format.js';
import { hue } from '../layout/colors.js';

const Tiles = styled.dl`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: ${(p) => p.theme.space.sm};
  margin: 0;
  div {
    border: ${(p) => p.theme.borders.sm} ${hue('grey', 300)};
    border-radius: ${(p) => p.theme.borderRadii.md};
    padding: ${(p) => p.theme.space.xs} ${(p) => p.theme.space.sm};
  }
  dt {
    font-size: ${(p) => p.theme.fontSizes.sm};
    color: ${hue('grey', 700)};
  }
  dd {
    margin: 0;
    font-size: ${(p) => p.theme.fontSizes.lg};
    font-weight: ${(p) => p.theme.fontWeights.semibold};
  }
`;

/** What a figure counts, under it: the answers and surveys behind it, in the reader's locale. */
const Detail = styled.span`
  display: block;
  font-size: ${(p) => p.theme.fontSizes.sm};
  font-weight: ${(p) => p.theme.fontWeights.regular};
  color: ${hue('grey', 700)};
`;

/** The whole team's figures for the filtered period. */
export function TeamSummary({ report }: { report: ReportResponse }) {
  const i18n = useI18n();
  const { t } = i18n;
  // The mean is on the scale its answers were asked on: after a change, maybe not the current one.
  const scale = getScale(report.scales[0]?.scaleId ?? report.scaleId);
  const m = report.team;
  return (
    <Tiles>
      <div>
        <dt>{t('common.figures.n')}</dt>
        <dd>
          {formatCount(i18n, m.n)}
          <Detail>{t('team.summary.answersCount')}</Detail>
        </dd>
      </div>
      {report.scales.length > 1 ? (
        m.means.map((s) => (
          <div key={s.scaleId}>
            <dt>
              {t('common.scaleChange.meanOn', { scale: t(`common.scaleNames.${s.scaleId}`) })}
            </dt>
            <dd>
              {t('common.figures.meanOnScale', {
                mean: formatNumber(i18n, s.mean),
                min: formatCount(i18n, getScale(s.scaleId).min),
                max: formatCount(i18n, getScale(s.scaleId).max),
              })}
            </dd>
          </div>
        ))
      ) : (
        <div>
          <dt>{t('common.figures.mean')}</dt>
          <dd>
            {t('common.figures.meanOnScale', {
              mean: formatNumber(i18n, m.mean),
              min: formatCount(i18n, scale.min),
              max: formatCount(i18n, scale.max),
            })}
          </dd>
        </div>
      )}
      <div>
        <dt>{t('team.agents.easyWithInterval')}</dt>
        <dd>{formatShare(i18n, m.easy)}</dd>
      </div>
      <div>
        <dt>{t('common.figures.nes')}</dt>
        <dd>{formatNes(i18n, m.netEasyScore)}</dd>
      </div>
      <div>
        <dt>{t('common.figures.responseRate')}</dt>
        <dd>
          {formatPercent(i18n, m.responseRate)}
          <Detail>
            {t('team.summary.respondedOfSent', {
              responded: formatCount(i18n, m.responded),
              sent: formatCount(i18n, m.sent),
            })}
          </Detail>
        </dd>
      </div>
    </Tiles>
  );
}
