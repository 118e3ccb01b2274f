import styled from 'styled-components';
import { hue } from './colors.js';

/** A framed list of checkboxes that scrolls past a few rows (Zendesk's groups, brands, roles). */
export const CheckboxList = styled.div`
  max-height: 220px;
  overflow-y: auto;
  padding: ${(p) => p.theme.space.xs};
  border: ${(p) => p.theme.borders.sm} ${hue('grey', 300)};
  border-radius: ${(p) => p.theme.borderRadii.md};
`;
