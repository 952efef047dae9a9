/** The options of one exploration (search.ts) and the default width of whole keys. */
/** Options of one exploration. */
export interface SearchOptions {
  /**
   * Most distinct states before falling back to simulation.
   * @default 200000
   */
  readonly budget?: number;
  /**
   * Deepest level expanded.
   * @default 50
   */
  readonly depth?: number;
  /**
   * Seed of the random simulation past the budget.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Most initial configurations.
   * @default 4096
   */
  readonly initialCap?: number;
  /**
   * Fall back to random simulation past the budget or depth.
   * @default true
   */
  readonly simulate?: boolean;
  /**
   * Stop the search at the first error finding (an invariant violation, a deadlock, an effect
   * that breaks a type, an expression that throws): no simulation, no "never" claims, and the
   * verdict is "stopped".
   */
  readonly stopAtFirst?: boolean;
  /** Clock for states-per-second statistics (injected so the core stays deterministic). */
  readonly now?: () => number;
  /**
   * Also compute the coverage a search with this smaller budget and depth (same seed and initial
   * cap, no simulation) would return, as `prefixCoverage`: breadth-first search makes that search
   * a prefix of this one, so one exploration serves both build diagnostics and test seeds.
   */
  readonly prefix?: { readonly budget: number; readonly depth: number };
  /**
   * Keep 64-bit fingerprints of the configurations instead of their keys (see states.ts): less
   * memory for wide keys, at a stated probability of taking two configurations for one (the
   * statistics say so). By default only for keys wider than {@link EXACT_WIDTH} ids.
   */
  readonly fingerprint?: boolean;
}

/** Widest key (ids: the state and the relevant fields) the visited set keeps whole by default. */
export const EXACT_WIDTH = 12;
