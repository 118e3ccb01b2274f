/** A survey scale as data: the points, which way is easy, and which points count as easy or difficult. */
export interface Scale {
  id: ScaleId;
  min: number;
  max: number;
  /** 'ease': a higher point means less effort. 'effort': a higher point means more effort. */
  polarity: 'ease' | 'effort';
  easy: readonly number[];
  difficult: readonly number[];
  /** Catalog key of the question ("{company} made it easy for me to handle my issue."). */
  questionKey: string;
  /** Catalog key prefix of the point labels: `${labelKey}.${point}`. */
  labelKey: string;
}

export type ScaleId = 'ces2_7' | 'ces1_5' | 'ease_10';

export const SCALES: Readonly<Record<ScaleId, Scale>> = {
  ces2_7: {
    id: 'ces2_7',
    min: 1,
    max: 7,
    polarity: 'ease',
    easy: [5, 6, 7],
    difficult: [1, 2, 3],
    questionKey: 'scales.ces2_7.question',
    labelKey: 'scales.ces2_7.labels',
  },
  ces1_5: {
    id: 'ces1_5',
    min: 1,
    max: 5,
    polarity: 'effort',
    easy: [1, 2],
    difficult: [4, 5],
    questionKey: 'scales.ces1_5.question',
    labelKey: 'scales.ces1_5.labels',
  },
  ease_10: {
    id: 'ease_10',
    min: 1,
    max: 10,
    polarity: 'ease',
    easy: [8, 9, 10],
    difficult: [1, 2, 3],
    questionKey: 'scales.ease_10.question',
    labelKey: 'scales.ease_10.labels',
  },
};

export const DEFAULT_SCALE_ID: ScaleId = 'ces2_7';

export function isScaleId(value: unknown): value is ScaleId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SCALES, value);
}

export function getScale(id: string): Scale {
  if (!isScaleId(id)) throw new Error(`Unknown scale "${id}"`);
  return SCALES[id];
}

/** The points of a scale in the order they are shown: from most effort to least effort. */
export function points(scale: Scale): number[] {
  const all: number[] = [];
  for (let p = scale.min; p <= scale.max; p++) all.push(p);
  return scale.polarity === 'ease' ? all : all.reverse();
}

export function isValidScore(scale: Scale, score: number): boolean {
  return Number.isInteger(score) && score >= scale.min && score <= scale.max;
}

export function isEasy(scale: Scale, score: number): boolean {
  return scale.easy.includes(score);
}

export function isDifficult(scale: Scale, score: number): boolean {
  return scale.difficult.includes(score);
}
