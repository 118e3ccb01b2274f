import type { ExecutionContext } from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';

/** A Garden palette colour for styled-components: `color: ${hue('grey', 700)};`. */
export const hue =
  (name: 'grey' | 'red' | 'green' | 'blue', shade: number) =>
  (p: ExecutionContext): string =>
    getColor({ theme: p.theme, hue: name, shade });
