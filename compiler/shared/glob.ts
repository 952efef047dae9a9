/**
 * Scope globs without backtracking. A glob is split into `/` segments; `**` is a whole segment
 * matching zero or more path segments; inside a segment `*` matches any run of characters but
 * `/`, `?` one character, `[…]` a class (`[!…]`/`[^…]` negated, ranges allowed) and one level of
 * `{a,b}` braces expands into alternatives. Dotfiles match like any other name (dot: true).
 *
 * Matching simulates the pattern as a set of states (a Thompson NFA), at the segment level and at
 * the character level, so a path is read once: the cost is O(path length × pattern length) and
 * never exponential (120 × `?*` against a 40-character name is a few thousand steps, where a
 * backtracking regex never returns). Pattern complexity is bounded too: at most
 * {@link MAX_GLOB_LENGTH} characters and {@link MAX_ALTERNATIVES} brace alternatives per segment.
 */

/** Longest glob accepted anywhere (check reports longer ones; the runner matches nothing with them). */
export const MAX_GLOB_LENGTH = 256;
/** Most alternatives a segment's braces may expand to. */
export const MAX_ALTERNATIVES = 64;

type Tok =
  | { readonly k: "lit"; readonly c: string }
  | { readonly k: "any" }
  | { readonly k: "star" }
  | {
      readonly k: "class";
      readonly neg: boolean;
      readonly ranges: readonly (readonly [string, string])[];
    };

/** A compiled segment: its alternatives (braces expanded), or GLOBSTAR. */
type Seg = "**" | readonly (readonly Tok[])[];

/** Alternatives of a segment with single-level braces ("*.{ts,tsx}" → ["*.ts", "*.tsx"]). */
export function expandBraces(seg: string, limit = MAX_ALTERNATIVES): string[] | undefined {
  let out = [seg];
  for (;;) {
    const next: string[] = [];
    let changed = false;
    for (const s of out) {
      const m = /\{([^{}]*)\}/.exec(s);
      if (!m) {
        next.push(s);
        continue;
      }
      changed = true;
      for (const alt of m[1].split(","))
        next.push(s.slice(0, m.index) + alt + s.slice(m.index + m[0].length));
      if (next.length > limit) return undefined;
    }
    out = next;
    if (!changed) return out;
  }
}

function tokenize(seg: string): Tok[] {
  const chars = Array.from(seg);
  const toks: Tok[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === "*") {
      if (toks[toks.length - 1]?.k !== "star") toks.push({ k: "star" });
    } else if (c === "?") toks.push({ k: "any" });
    else if (c === "[") {
      const end = chars.indexOf("]", i + 2);
      if (end < 0) {
        toks.push({ k: "lit", c });
        continue;
      }
      let body = chars.slice(i + 1, end);
      const neg = body[0] === "!" || body[0] === "^";
      if (neg) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === "-" && j + 2 < body.length) {
          ranges.push([body[j], body[j + 2]]);
          j += 2;
        } else ranges.push([body[j], body[j]]);
      }
      toks.push({ k: "class", neg, ranges });
      i = end;
    } else toks.push({ k: "lit", c });
  }
  return toks;
}

function step(t: Tok, c: string): boolean {
  if (t.k === "lit") return t.c === c;
  if (t.k === "any" || t.k === "star") return true;
  const hit = t.ranges.some(([lo, hi]) => c >= lo && c <= hi);
  return hit !== t.neg;
}

/** True when one segment's tokens match the whole name (state-set simulation, no backtracking). */
function matchTokens(toks: readonly Tok[], name: string): boolean {
  const n = toks.length;
  let cur = new Uint8Array(n + 1);
  const close = (s: Uint8Array) => {
    for (let i = 0; i < n; i++) if (s[i] && toks[i].k === "star") s[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (const c of name) {
    const next = new Uint8Array(n + 1);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!cur[i] || !step(toks[i], c)) continue;
      if (toks[i].k === "star") next[i] = 1;
      else next[i + 1] = 1;
      any = true;
    }
    if (!any) return false;
    close(next);
    cur = next;
  }
  return cur[n] === 1;
}

function compileSeg(seg: string): Seg | undefined {
  if (seg === "**") return "**";
  const alts = expandBraces(seg);
  return alts === undefined ? undefined : alts.map(tokenize);
}

/** True when a glob segment (no '/') matches one name. */
export function matchSegment(glob: string, name: string): boolean {
  const seg = compileSeg(glob);
  if (seg === undefined) return false;
  if (seg === "**") return true;
  return seg.some((toks) => matchTokens(toks, name));
}

/** Compile a glob into a matcher of repo-relative paths; undefined when the glob is too complex. */
export function compileGlob(glob: string): ((path: string) => boolean) | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return undefined;
  const segs: Seg[] = [];
  for (const s of glob.split("/")) {
    const c = compileSeg(s);
    if (c === undefined) return undefined;
    if (c === "**" && segs[segs.length - 1] === "**") continue;
    segs.push(c);
  }
  const m = segs.length;
  // A trailing `**` matches one or more segments (`src/**` matches `src/a`, not `src`); elsewhere zero or more.
  const trailing = segs[m - 1] === "**";
  const close = (s: Uint8Array) => {
    for (let i = 0; i < m - (trailing ? 1 : 0); i++) if (s[i] && segs[i] === "**") s[i + 1] = 1;
  };
  return (path) => {
    let cur = new Uint8Array(m + 1);
    cur[0] = 1;
    close(cur);
    for (const name of path.split("/")) {
      const next = new Uint8Array(m + 1);
      let any = false;
      for (let i = 0; i < m; i++) {
        if (!cur[i]) continue;
        const s = segs[i];
        if (s === "**") {
          next[i] = 1;
          if (i === m - 1) next[m] = 1;
          any = true;
        } else if (s.some((toks) => matchTokens(toks, name))) {
          next[i + 1] = 1;
          any = true;
        }
      }
      if (trailing && cur[m]) {
        next[m] = 1;
        any = true;
      }
      if (!any) return false;
      close(next);
      cur = next;
    }
    return cur[m] === 1;
  };
}

/**
 * The canonical spelling of a glob: no `./` or empty segments, no trailing `/`, `**` runs merged.
 * `check` refuses a glob that is not already canonical and names this form.
 */
export function canonicalGlob(glob: string): string {
  const segs = glob.split("/").filter((s) => s !== "" && s !== ".");
  return segs.filter((s, i) => !(s === "**" && segs[i - 1] === "**")).join("/");
}
