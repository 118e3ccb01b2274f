import styled from 'styled-components';
import { hue } from './colors.js';

/** The small grey line under an answer, or a list's count: dates, agent, "20 of 36 shown". */
export const AnswerMeta = styled.div`
  font-size: ${(p) => p.theme.fontSizes.sm};
  color: ${hue('grey', 700)};
`;

/**
 * A customer's comment, quoted. Render it as a text child only: React escapes it, and nothing
 * here may turn customer text into HTML.
 */
export const AnswerComment = styled.blockquote`
  margin: ${(p) => p.theme.space.xxs} 0 0;
  padding-left: ${(p) => p.theme.space.xs};
  border-left: ${(p) => p.theme.borders.md} ${hue('grey', 300)};
  white-space: pre-wrap;
  overflow-wrap: anywhere;
`;
