import type { ReactNode } from 'react';
import styled from 'styled-components';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatCount } from '../i18n/format.js';
import { hue } from './colors.js';

/** Headline figures side by side, as many to a row as fit tiles at least `$minWidth` wide. */
export const FigureTiles = styled.dl<{ $minWidth: string }>`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(${(p) => p.$minWidth}, 1fr));
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
export const FigureDetail = styled.span`
  display: block;
  font-size: ${(p) => p.theme.fontSizes.sm};
  font-weight: ${(p) => p.theme.fontWeights.regular};
  color: ${hue('grey', 700)};
`;

/** One tile of FigureTiles: the figure's name over its value (and any FigureDetail). */
export function FigureTile({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Under a response rate: the surveys it comes from ("32 of 50 answered"). */
export function RespondedOfSent({ responded, sent }: { responded: number; sent: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <FigureDetail>
      {t('team.summary.respondedOfSent', {
        responded: formatCount(i18n, responded),
        sent: formatCount(i18n, sent),
      })}
    </FigureDetail>
  );
}
