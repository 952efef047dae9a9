/**
 * The language server's checks, incremental. A full check is `intentc check --no-explore` (the
 * front end of driver/front-end.ts, then the version checks against the previous lock), with each
 * file's load and shape results kept by text, so only edited files are parsed again. After an
 * edit to one file of a folder whose full check is known, a quick check re-binds and re-checks
 * only what that file's diagnostics depend on: its domain and the domains it names (with the ones
 * they name, transitively) and the system file; the other files keep their diagnostics of the
 * last full check. Those stay right while the edit leaves alone what other files can see of the
 * file (its {@link publicPart}: declarations, fields, types, events, states, slices, the system
 * file), as an edit to a guard, an effect, an invariant or prose does; after any other edit they
 * may be out of date (`othersStale`). A quick result is marked incomplete: the server runs a full
 * check once the edits pause (sooner when others are stale), which brings the other files up to
 * date. The edited file's findings of the checks across every domain (overlapping write scopes,
 * colliding names), which a quick check cannot re-run, are those of the last full check while its
 * public part is unchanged; after any other edit the full check brings them up to date.
 */
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import { MAX_FILE_BYTES, type CompilerHost } from "../host.js";
import type { Program } from "../ir/types.js";
import type { LockFile } from "../diff/lock-file.js";
import { loadYaml, type LoadedFile } from "../load/yaml.js";
import { checkShape } from "../load/shape.js";
import { bindProgram } from "../bind/bind.js";
import { ACROSS_DOMAIN_CODES, checkProgram } from "../check/index.js";
import { checkExpressions } from "../expr/check.js";
import { compile } from "../driver/front-end.js";
import { enforceVersions } from "../diff/enforce.js";

/** One check of a folder. */
export interface Checked {
  /** The bound Program (of the files checked: all of them, or a quick check's subset). */
  readonly program: Program | undefined;
  /** The loaded files that passed the shape check. */
  readonly files: readonly LoadedFile[];
  /** Every diagnostic of every file (front end + versions). */
  readonly diagnostics: readonly Diagnostic[];
  /** Host paths of every file in the folder (on disk or open). */
  readonly paths: readonly string[];
  /** False for a quick check: a full check should follow once the edits pause. */
  readonly complete: boolean;
  /**
   * A quick check after an edit to what other files see of the edited file: their diagnostics
   * are those of the last full check and may be out of date until the full check.
   */
  readonly othersStale?: boolean;
}

/** The last stage a check ran. */
type Stage = "shape" | "bind" | "check" | "done";

/** A file's load and shape results, for one text. */
interface FileState {
  readonly text: string;
  /** The loaded file when it loaded and passed the shape check. */
  readonly file?: LoadedFile;
  /** The loaded file (its value is undefined when it did not load). */
  readonly loaded: LoadedFile;
  readonly diagnostics: readonly Diagnostic[];
  /** The domain a domain file declares. */
  readonly domain?: string;
  /** Names before a dot anywhere in the file (`orders.Sku`): the domains it may name. */
  readonly named: ReadonlySet<string>;
  /** What other files can see of it, as JSON ({@link publicPart}). */
  readonly visible: string;
}

/** The checks of one intent folder, remembering per-file results between them. */
export class IncrementalChecker {
  private states = new Map<string, FileState>();
  private last?: {
    readonly texts: ReadonlyMap<string, string>;
    readonly checked: Checked;
    readonly stage: Stage;
  };
  /** The previous lock, read at each full check (quick checks use the one read last). */
  private lock: LockFile | undefined;
  /** Each file's {@link FileState.visible} at the last full check. */
  private visibleAtLastFull = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly previousLock: () => LockFile | undefined,
  ) {}

  /** The full check, as `intentc check --no-explore` reports it. */
  async full(host: CompilerHost): Promise<Checked> {
    this.lock = this.previousLock();
    const paths = host.listIntentFiles(this.dir);
    // No files, or entries a host lists but does not read (links, FIFOs: hosts that report them):
    // the front end itself decides what that means; no quick checks build on such a check.
    const skipped =
      (host as { listSkipped?: (dir: string) => readonly unknown[] }).listSkipped?.(this.dir) ?? [];
    if (paths.length === 0 || skipped.length > 0) {
      this.last = undefined;
      const front = compile(host, { dir: this.dir });
      const clean = front.program !== undefined && !hasErrors(front.diagnostics);
      const diagnostics = clean
        ? sortDiagnostics([
            ...front.diagnostics,
            ...enforceVersions(front.program as Program, this.lock),
          ])
        : front.diagnostics;
      return { program: front.program, files: front.files, diagnostics, paths, complete: true };
    }
    const texts = new Map<string, string>();
    const diags = createCollector();
    const files: LoadedFile[] = [];
    for (const path of paths) {
      const s = this.state(host, path);
      texts.set(path, s.text);
      diags.addAll(s.diagnostics);
      if (s.file) files.push(s.file);
    }
    const [checked, stage] = await this.checkFiles(paths, files, diags.diagnostics, true, "done");
    this.last = { texts, checked, stage };
    this.visibleAtLastFull = new Map(paths.map((p) => [p, this.state(host, p).visible]));
    this.forgetOthers(paths);
    return checked;
  }

  /**
   * The quick check after an edit: undefined unless exactly one file's text differs from the
   * last full check (same files); the caller then runs {@link full}.
   */
  async quick(host: CompilerHost): Promise<Checked | undefined> {
    const last = this.last;
    if (last === undefined) return undefined;
    const paths = host.listIntentFiles(this.dir);
    if (paths.length !== last.texts.size || paths.some((p) => !last.texts.has(p))) return undefined;
    const states = new Map(paths.map((p) => [p, this.state(host, p)]));
    const changed = paths.filter((p) => states.get(p)?.text !== last.texts.get(p));
    if (changed.length !== 1) return changed.length === 0 ? last.checked : undefined;
    const edited = changed[0];
    const loadDiags = [...states.values()].flatMap((s) => s.diagnostics);
    // A file that does not load or shape stops the front end before binding, for every file.
    if (hasErrors(loadDiags))
      return {
        program: undefined,
        files: [],
        diagnostics: sortDiagnostics(loadDiags),
        paths,
        complete: true,
      };
    const othersStale = states.get(edited)?.visible !== this.visibleAtLastFull.get(edited);
    const subset = closure(edited, states);
    const files = paths.filter((p) => subset.has(p)).map((p) => states.get(p)?.file as LoadedFile);
    // The front end stops at the first stage with an error in any file: as far as the last full
    // check got when other files had errors there.
    const othersFailed = hasErrors(last.checked.diagnostics.filter((d) => d.file !== edited));
    const [own, stage] = await this.checkFiles(
      paths,
      files,
      states.get(edited)?.diagnostics ?? [],
      false,
      othersFailed ? last.stage : "done",
    );
    const others = last.checked.diagnostics.filter((d) => d.file !== edited);
    // Findings of the checks across every domain depend only on public parts: while the edited
    // file's is unchanged and the check rules ran, the last full check's findings still hold.
    const keepAcross = !othersStale && (stage === "check" || stage === "done");
    const mine = [
      ...own.diagnostics.filter((d) => d.file === edited && !ACROSS_DOMAIN_CODES.has(d.code)),
      ...(keepAcross
        ? last.checked.diagnostics.filter(
            (d) => d.file === edited && ACROSS_DOMAIN_CODES.has(d.code),
          )
        : []),
    ];
    return {
      ...own,
      diagnostics: sortDiagnostics([...others, ...mine]),
      complete: false,
      othersStale,
    };
  }

  /**
   * Bind, check and (when clean) the version checks of loaded files, as the front end does, going
   * no further than `upTo`; and the stage it stopped after.
   */
  private async checkFiles(
    paths: readonly string[],
    files: LoadedFile[],
    loadDiags: readonly Diagnostic[],
    complete: boolean,
    upTo: Stage,
  ): Promise<[Checked, Stage]> {
    const diags = createCollector();
    diags.addAll(loadDiags);
    const result = (program: Program | undefined, stage: Stage): [Checked, Stage] => [
      { program, files, diagnostics: sortDiagnostics(diags.diagnostics), paths, complete },
      stage,
    ];
    if (diags.hasError()) return result(undefined, "shape");
    const [program, bindDiags] = bindProgram(files);
    diags.addAll(bindDiags);
    if (diags.hasError() || upTo === "bind") return result(program, "bind");
    diags.addAll(checkProgram(program, files));
    diags.addAll(checkExpressions(program));
    if (diags.hasError() || upTo === "check") return result(program, "check");
    // The analysis of `check --no-explore` (driver/analyze.ts with budget 0): the version checks.
    diags.addAll(enforceVersions(program, this.lock));
    return result(program, "done");
  }

  /**
   * Every file of the folder as loaded from its current text (whether or not it passed the shape
   * check; one that did not load has no value), parsed only when its text changed.
   */
  loaded(host: CompilerHost): LoadedFile[] {
    return host.listIntentFiles(this.dir).map((p) => this.state(host, p).loaded);
  }

  /** The load and shape results of a file's current text (kept while the text is the same). */
  private state(host: CompilerHost, path: string): FileState {
    const size = host.fileSize(path);
    const text = size > MAX_FILE_BYTES ? `\0too large: ${size}` : (host.readFile(path) ?? "");
    const old = this.states.get(path);
    if (old !== undefined && old.text === text) return old;
    let s: FileState;
    if (size > MAX_FILE_BYTES) {
      const diags = createCollector();
      diags.report(
        "file-too-large",
        { size, limit: MAX_FILE_BYTES },
        { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 },
      );
      s = {
        text,
        loaded: loadYaml(path, "")[0],
        diagnostics: diags.diagnostics,
        named: new Set(),
        visible: text,
      };
    } else {
      const [file, loadDiags] = loadYaml(path, text);
      const shapeDiags = file.value === undefined ? [] : checkShape(file);
      const ok = file.value !== undefined && !hasErrors(shapeDiags);
      const domain = (file.value as { domain?: unknown } | null | undefined)?.domain;
      s = {
        text,
        loaded: file,
        ...(ok ? { file } : {}),
        diagnostics: [...loadDiags, ...shapeDiags],
        ...(typeof domain === "string" ? { domain } : {}),
        named: namedDomains(file.value),
        visible: JSON.stringify(publicPart(file.value)) ?? "",
      };
    }
    this.states.set(path, s);
    return s;
  }

  private forgetOthers(paths: readonly string[]): void {
    const keep = new Set(paths);
    for (const p of [...this.states.keys()]) if (!keep.has(p)) this.states.delete(p);
  }
}

/** The files an edited file's diagnostics depend on: itself, the domains it names (transitively), non-domain files. */
function closure(edited: string, states: ReadonlyMap<string, FileState>): Set<string> {
  const byDomain = new Map<string, string[]>();
  const out = new Set<string>();
  for (const [p, s] of states) {
    if (s.domain === undefined) out.add(p);
    else byDomain.set(s.domain, [...(byDomain.get(s.domain) ?? []), p]);
  }
  const todo = [edited];
  while (todo.length > 0) {
    const p = todo.pop() as string;
    if (out.has(p) && p !== edited) continue;
    out.add(p);
    const s = states.get(p);
    // Every file of the same domain too (a domain split over files binds as one).
    const same = s?.domain !== undefined ? (byDomain.get(s.domain) ?? []) : [];
    for (const q of [...same, ...[...(s?.named ?? [])].flatMap((d) => byDomain.get(d) ?? [])])
      if (!out.has(q)) todo.push(q);
  }
  return out;
}

/** Every `name` written before a dot in a key or string of a value: candidate domain names. */
function namedDomains(value: unknown): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = [value];
  const scan = (s: string) => {
    for (const m of s.matchAll(/(?:^|[^\w.-])([A-Za-z][\w-]*)\./g)) out.add(m[1]);
  };
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") scan(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        scan(k);
        stack.push(x);
      }
    }
  }
  return out;
}

/** Keys that are prose: nothing but documentation reads them. */
const PROSE = new Set(["description", "summary", "says"]);
/** Maps whose keys are names, not properties. */
const NAMED = new Set([
  "types",
  "entities",
  "events",
  "fields",
  "input",
  "machines",
  "states",
  "on",
  "set",
  "init",
  "invariants",
  "api",
  "operations",
  "flows",
  "slices",
]);

/**
 * What other files can see of a file's value: everything but prose, invariants, and a machine's
 * initial values and transitions (guards, effects, targets), which only its own domain checks.
 * A file that is not a domain file (the system file) is visible as a whole.
 */
export function publicPart(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (typeof v.domain !== "string") return value;
  // Prose is a string under a prose key, except in maps whose keys are names (a field `says`).
  const strip = (x: unknown, parent: string): unknown => {
    if (Array.isArray(x)) return x.map((y) => strip(y, ""));
    if (x === null || typeof x !== "object") return x;
    const keep = ([k, y]: [string, unknown]) =>
      NAMED.has(parent) || !PROSE.has(k) || typeof y !== "string";
    return Object.fromEntries(
      Object.entries(x)
        .filter(keep)
        .map(([k, y]) => [k, strip(y, k)]),
    );
  };
  const out = strip(v, "") as Record<string, unknown>;
  delete out.invariants;
  const machines = out.machines;
  if (machines !== null && typeof machines === "object" && !Array.isArray(machines)) {
    out.machines = Object.fromEntries(
      Object.entries(machines).map(([name, m]) => {
        const mo =
          m !== null && typeof m === "object" && !Array.isArray(m)
            ? (m as Record<string, unknown>)
            : {};
        const states =
          mo.states !== null && typeof mo.states === "object" && !Array.isArray(mo.states)
            ? Object.keys(mo.states)
            : mo.states;
        return [name, { entity: mo.entity, initial: mo.initial, states }];
      }),
    );
  }
  return out;
}
