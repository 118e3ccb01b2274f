import type { AnswerView } from '../../shared/api-types.js';

export type Band = AnswerView['band'];

/** Fill per band: colour plus a texture, so the bands differ without colour too. */
export const BAND_FILL: Record<Band, string> = {
  easy: 'url(#ces-band-easy)',
  neutral: 'url(#ces-band-neutral)',
  difficult: 'url(#ces-band-difficult)',
};

/** easy = solid, neutral = dots, difficult = diagonal hatching. */
export function BandPatterns() {
  return (
    <defs>
      <pattern id="ces-band-easy" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#038153" />
      </pattern>
      <pattern id="ces-band-neutral" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#e9ebed" />
        <circle cx="3" cy="3" r="1.3" fill="#68737d" />
      </pattern>
      <pattern
        id="ces-band-difficult"
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
