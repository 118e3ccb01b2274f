import type { AnswerView } from '../../shared/api-types.js';

export type Band = AnswerView['band'];

/**
 * Fill per band: colour plus a texture, so the bands differ without colour too. `prefix` keeps
 * each chart's patterns its own: a chart in a hidden page (the team page under an agent's page)
 * would otherwise hold the patterns every other chart points at, and hidden patterns paint nothing.
 */
export function bandFill(prefix: string, band: Band): string {
  return `url(#${prefix}-${band})`;
}

/** easy = solid, neutral = dots, difficult = diagonal hatching. */
export function BandPatterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      <pattern id={`${prefix}-easy`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#038153" />
      </pattern>
      <pattern id={`${prefix}-neutral`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#e9ebed" />
        <circle cx="3" cy="3" r="1.3" fill="#68737d" />
      </pattern>
      <pattern
        id={`${prefix}-difficult`}
        width="6"
        height="6"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="6" height="6" fill="#fde8e9" />
        <rect width="2.5" height="6" fill="#cc3340" />
      </pattern>
    </defs>
  );
}
