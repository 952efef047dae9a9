/** `intentc diff`: the front end, then every contract change against a lock (file, git ref or the build's). */
import { hasErrors, type Diagnostic } from "../diagnostic.js";
import { computeFindings } from "../diff/findings.js";
import type { Finding } from "../diff/types.js";
import { domainVersions, type DomainVersion } from "../diff/verdict.js";
import { createNodeHost } from "../host.js";
import { resolveBase } from "../host/lock.js";
import { compile } from "./front-end.js";

/** The outcome: the findings, or why there are none. */
export type DiffReport =
  | {
      readonly status: "done";
      readonly findings: readonly Finding[];
      readonly versions: readonly DomainVersion[];
    }
  | {
      readonly status: "blocked";
      readonly diagnostics: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
    }
  | { readonly status: "no-base"; readonly message: string };

/** Compile the intent under `dir` and diff it against `against` (default: the lock on disk). */
export function diff(req: {
  readonly root: string;
  readonly dir: string;
  readonly against?: string;
}): DiffReport {
  const front = compile(createNodeHost(req.root), { dir: req.dir });
  if (front.program === undefined || hasErrors(front.diagnostics)) {
    return { status: "blocked", diagnostics: front.diagnostics, sources: front.sources };
  }
  const base = resolveBase(req.root, req.against);
  if (!base.ok) return { status: "no-base", message: base.message };
  const versions = domainVersions(base.lock.program, front.program);
  return { status: "done", findings: computeFindings(base.lock.program, front.program), versions };
}
