import type { ReactNode } from 'react';
import styled from 'styled-components';
import { hue } from './colors.js';

const Wrapper = styled.section`
  padding: ${(p) => p.theme.space.sm} 0;
  & + & {
    border-top: ${(p) => p.theme.borders.sm} ${hue('grey', 200)};
  }
`;

const Heading = styled.h2`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  line-height: ${(p) => p.theme.lineHeights.md};
`;

/** A titled block of a page; the heading labels the region for screen readers. */
export function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Wrapper aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </Wrapper>
  );
}

/** Label/value pairs, stacked to fit a narrow sidebar. */
export const Facts = styled.dl`
  margin: 0;
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: ${(p) => p.theme.space.xxs} ${(p) => p.theme.space.sm};
  dt {
    color: ${hue('grey', 700)};
  }
  dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
`;

export const Muted = styled.p`
  margin: ${(p) => p.theme.space.xxs} 0 0;
  color: ${hue('grey', 700)};
`;
