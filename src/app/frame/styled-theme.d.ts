import type { IGardenTheme } from '@zendeskgarden/react-theming';

/** styled-components' `p.theme` is Garden's theme everywhere in the app. */
declare module 'styled-components' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefaultTheme extends IGardenTheme {}
}
