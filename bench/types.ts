/** One measured figure of a benchmark. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The goal, as text (e.g. `<= 1.10`). */
  target?: string;
  pass?: boolean;
  note?: string;
}

/** A benchmark module: runs its measurements and returns rows. */
export type BenchFn = () => Promise<BenchRow[]>;
