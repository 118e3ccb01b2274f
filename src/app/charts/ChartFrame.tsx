import { useId, type ReactNode } from 'react';

interface ChartFrameProps {
  width: number;
  height: number;
  /** What the picture is; read first by screen readers. */
  title: string;
  /** The figures in words, so the chart never depends on seeing it. */
  description: string;
  children: ReactNode;
  /** Shown under the picture: a legend or the figures as a table. */
  after?: ReactNode;
}

/** An SVG chart as one accessible image: titled, described, scaling down to its container. */
export function ChartFrame({
  width,
  height,
  title,
  description,
  children,
  after,
}: ChartFrameProps) {
  const id = useId();
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {children}
      </svg>
      {after}
    </figure>
  );
}
