import { useId } from 'react';
import type { TrendPoint } from '../../shared/api-types.js';

const WIDTH = 120;
const HEIGHT = 28;
const PAD = 3;

/**
 * A small line of weekly means on the scale's full range (so a flat line means flat, not
 * "zoomed in"); weeks without answers leave a gap. The title/desc carry the same facts as text.
 */
export function Sparkline({
  points,
  min,
  max,
  title,
  description,
}: {
  points: TrendPoint[];
  min: number;
  max: number;
  title: string;
  description: string;
}) {
  const id = useId();
  const n = points.length;
  const x = (i: number) => (n <= 1 ? WIDTH / 2 : PAD + (i * (WIDTH - 2 * PAD)) / (n - 1));
  const y = (v: number) => HEIGHT - PAD - ((v - min) / (max - min || 1)) * (HEIGHT - 2 * PAD);
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.mean === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-d`}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      <line x1={0} x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} stroke="#d8dcde" />
      {segments.map((d) => (
        <path key={d} d={d} fill="none" stroke="#1f73b7" strokeWidth={1.5} />
      ))}
      {points.map((p, i) =>
        p.mean === null ? null : (
          <circle key={p.weekStart} cx={x(i)} cy={y(p.mean)} r={1.8} fill="#1f73b7" />
        ),
      )}
    </svg>
  );
}
