/**
 * The one "Did you mean" of the compiler: the closest candidate name by Levenshtein distance,
 * compared case-insensitively. Used for every hint about an unknown name (fields, states, types,
 * domains, slices) and by the expression checker's property errors.
 *
 * A candidate qualifies when its length and its distance differ from the name's by at most a
 * third of the name's length (at least 1), and the distance is below the name's length (so a
 * one-letter name never gets a different one-letter suggestion). Among the closest candidates
 * the alphabetically first wins, so the hint does not depend on declaration order. Names or
 * candidates longer than {@link MAX_SUGGEST_LENGTH} only match exactly (they come from untrusted
 * files: this bounds the work per candidate).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  const max = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > max) continue;
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    if (
      d <= max &&
      d < name.length &&
      (d < bestDist || (d === bestDist && best !== undefined && c < best))
    ) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** A "Did you mean 'x'?" hint, or undefined. */
export function didYouMeanHint(name: string, candidates: Iterable<string>): string | undefined {
  const s = closestName(name, candidates);
  return s === undefined ? undefined : `Did you mean '${s}'?`;
}

/** Longest name compared by edit distance. */
export const MAX_SUGGEST_LENGTH = 64;

function levenshtein(a: string, b: string): number {
  if (a.length > MAX_SUGGEST_LENGTH || b.length > MAX_SUGGEST_LENGTH) return a === b ? 0 : Infinity;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
