/**
 * Scaling assertions instead of wall-clock limits: a loaded 2-core machine slows everything
 * alike, so the ratio between two input sizes stays meaningful where a fixed limit does not.
 */
import { expect } from "vitest";

/** Best-of-`runs` CPU time of `fn` in ms (this process only: other processes' load does not count). */
export function cpuTime(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/**
 * `fn(large)` costs less than `factor` times `fn(small)` (the small run is floored at 1 ms).
 * A ratio over the bound is measured again, up to `attempts` times in all, and the smallest
 * ratio counts: a garbage collection or a neighbour's burst can inflate one measurement, while a
 * super-linear algorithm exceeds the bound every time.
 */
export function expectLinear(
  fn: (n: number) => unknown,
  small: number,
  large: number,
  factor = 20,
  attempts = 3,
): void {
  const ratios: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const ratio =
      cpuTime(() => fn(large)) /
      Math.max(
        cpuTime(() => fn(small)),
        1,
      );
    ratios.push(ratio);
    if (ratio < factor) break;
  }
  const best = Math.min(...ratios);
  const shown = ratios.map((r) => r.toFixed(1)).join(", ");
  expect(best, `time(${large}) / time(${small}) = ${shown}`).toBeLessThan(factor);
}
