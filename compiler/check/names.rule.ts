/**
 * Name rules: intent names that become file or folder names under generated/ — domains
 * (`generated/contracts/<domain>/…`), machines (`generated/machines/<domain>/<Machine>.*.ts`) and
 * slices (`generated/slices/<id>/`, `.intentc/runs/<id>-…`) — must not alias on any common file
 * system. Refused: Windows device names and the other aliasing forms of compiler/shared/fs-names.ts
 * (IC3223); two names of one folder that differ only in case or normalisation (IC3224); and a
 * slice id used by two domains, which would silently drop one pack (IC3225).
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import { foldName } from "../shared/control-paths.js";
import { aliasProblem } from "../shared/fs-names.js";
import type { Loc, Program } from "../ir/types.js";
import type { Locator } from "./locate.js";

interface Named {
  readonly what: string;
  readonly name: string;
  readonly loc: Loc;
  readonly domain: string;
}

/** Run the name rules. */
export function checkNames(program: Program, diags: DiagnosticCollector, locator: Locator): void {
  const domains: Named[] = program.domains.map((d) => ({
    what: "domain",
    name: d.name,
    loc: d.loc,
    domain: d.name,
  }));
  const machines: Named[] = program.domains.flatMap((d) =>
    d.machines.map((m) => ({
      what: "machine",
      name: m.name,
      loc: locator.at(m.loc, ["machines", m.name], "key"),
      domain: d.name,
    })),
  );
  const slices: Named[] = program.domains.flatMap((d) =>
    d.slices.map((s) => ({
      what: "slice",
      name: s.name,
      loc: locator.at(s.loc, ["slices", s.name], "key"),
      domain: d.name,
    })),
  );
  for (const n of [...domains, ...machines, ...slices]) {
    const detail = aliasProblem(n.name.split(".")[0]) ?? aliasProblem(n.name);
    if (detail !== undefined)
      diags.report("name-aliases", { what: n.what, name: n.name, detail }, n.loc);
  }
  // Slices share one folder (generated/slices/); machines share their domain's folder.
  const seen = new Map<string, Named>();
  for (const s of slices) {
    const first = seen.get(foldName(s.name));
    if (first === undefined) seen.set(foldName(s.name), s);
    else if (first.name === s.name)
      diags.report(
        "duplicate-slice-id",
        { name: s.name, domain: s.domain, other: first.domain },
        s.loc,
      );
    else
      diags.report(
        "name-case-collision",
        { what: "slice", name: s.name, other: first.name },
        s.loc,
      );
  }
  const byDomain = new Map<string, Named>();
  for (const m of machines) {
    const key = `${m.domain}/${foldName(m.name)}`;
    const first = byDomain.get(key);
    if (first === undefined) byDomain.set(key, m);
    else if (first.name !== m.name)
      diags.report(
        "name-case-collision",
        { what: "machine", name: m.name, other: first.name },
        m.loc,
      );
  }
}
