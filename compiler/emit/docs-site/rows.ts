/**
 * Row order inside one gap between two layers of a diagram (compiler/emit/docs-site/layout.ts).
 * Each edge segment in the gap runs horizontally on a row of its own, with vertical lines that
 * come in from above (down to the row) or leave below (from the row down). A segment placed
 * above another crosses it where one of its downward verticals falls inside the other's span,
 * or where the other's upward vertical falls inside its own span. Rows are filled top-down,
 * greedily taking the segment that crosses the fewest of those still left (ties: input order),
 * so the order is deterministic.
 */

/** A horizontal segment in a gap and its vertical lines. */
export interface RowSegment {
  readonly from: number;
  readonly to: number;
  /** x of vertical lines reaching the row from above. */
  readonly up: readonly number[];
  /** x of vertical lines leaving the row downwards. */
  readonly down: readonly number[];
}

/** Above this many segments in one gap the input order is kept (the greedy pass is cubic). */
const GREEDY_LIMIT = 40;

function inside(x: number, s: RowSegment): boolean {
  return x > Math.min(s.from, s.to) && x < Math.max(s.from, s.to);
}

/** Crossings when `a` is on a row above `b`. */
export function crossings(a: RowSegment, b: RowSegment): number {
  return a.down.filter((x) => inside(x, b)).length + b.up.filter((x) => inside(x, a)).length;
}

/** Row index per segment (same order as `segments`). */
export function orderRows(segments: readonly RowSegment[]): number[] {
  const row = segments.map((_, i) => i);
  if (segments.length > GREEDY_LIMIT) return row;
  const left = segments.map((_, i) => i);
  for (let r = 0; left.length > 0; r++) {
    let best = 0;
    let bestCost = Infinity;
    left.forEach((i, k) => {
      const cost = left.reduce(
        (s, j) => (j === i ? s : s + crossings(segments[i], segments[j])),
        0,
      );
      if (cost < bestCost) {
        bestCost = cost;
        best = k;
      }
    });
    row[left[best]] = r;
    left.splice(best, 1);
  }
  return row;
}
