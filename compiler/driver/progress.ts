/** What the driver tells its caller while it works, and how long each phase took. */

/** Progress of a run (the CLI draws it on a terminal). */
export interface Progress {
  /** A phase starts (`hashing`, `compiling`, `analyzing`, `emitting`, `writing`, `caching`). */
  phase(name: string): void;
  /** Machines explored so far, of `total`, and the distinct states they visited. */
  machines(done: number, total: number, states: number): void;
}

/** A progress sink that shows nothing. */
export const SILENT: Progress = { phase: () => undefined, machines: () => undefined };

/** When a run started and ended, and when each phase started (ms on `performance.now()`). */
export interface Timings {
  readonly started: number;
  readonly ended: number;
  readonly phases: readonly (readonly [string, number])[];
}

/** A progress that records phase start times, forwarding to `inner`; `end()` closes the record. */
export function timed(inner: Progress = SILENT): [Progress, { end(): Timings }] {
  const started = performance.now();
  const phases: [string, number][] = [];
  const progress: Progress = {
    phase(name) {
      phases.push([name, performance.now()]);
      inner.phase(name);
    },
    machines: (done, total, states) => inner.machines(done, total, states),
  };
  return [progress, { end: () => ({ started, ended: performance.now(), phases: [...phases] }) }];
}
