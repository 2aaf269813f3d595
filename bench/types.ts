/** One figure from a benchmark, always next to a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The same measurement for the baseline (same unit). */
  baseline: number;
  baselineName: string;
  /** value / baseline. */
  ratio: number;
}

export interface BenchModule {
  run(): Promise<BenchResult[]>;
}

export function result(name: string, unit: string, value: number, baselineName: string, baseline: number): BenchResult {
  return { name, unit, value, baselineName, baseline, ratio: baseline === 0 ? Number.NaN : value / baseline };
}
