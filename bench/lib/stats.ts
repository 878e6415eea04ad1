// Medians and spreads of a list of samples (milliseconds).
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** interquartile range (linear interpolation between order statistics) */
  q1: number;
  q3: number;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const low = Math.floor(pos);
  const high = Math.ceil(pos);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (pos - low);
}

export function summarize(samples: number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
  };
}

export function seconds(ms: number): string {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

/** `1.23 s (1.10–1.40)`: median and min–max. */
export function medianAndSpread(summary: Summary | undefined): string {
  if (!summary) return '-';
  return `${seconds(summary.median)} (${(summary.min / 1000).toFixed(2)}–${(summary.max / 1000).toFixed(2)})`;
}
