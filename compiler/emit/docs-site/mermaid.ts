/**
 * Mermaid sources for state machines, value flows and the slice dependency map. Node ids are
 * generated (`s0`, `n1`); every label from user text goes through {@link mermaidLabel}, which
 * turns anything but plain characters into Mermaid entity codes (`#34;`), so a name or
 * description can never add statements, links or click handlers to a diagram.
 */
import type { Domain, Flow, Machine, Program } from "../../ir/types.js";
import { edgeText, mermaidLabel } from "../../shared/escape.js";
import { createWriter } from "../code.js";

export { edgeText, mermaidLabel };

/** Paths of changed elements (from the change log of the current version). */
export type ChangedPaths = ReadonlySet<string>;

/** True when `prefix` or anything under it changed. */
export function touched(changed: ChangedPaths, prefix: string): boolean {
  for (const p of changed) if (p === prefix || p.startsWith(`${prefix}.`)) return true;
  return false;
}

/** A `stateDiagram-v2` for one machine; changed states get the `changed` class. */
export function machineDiagram(domain: Domain, m: Machine, changed: ChangedPaths): string {
  const id = new Map(m.states.map((s, i) => [s.name, `s${i}`]));
  const base = `${domain.name}.machines.${m.name}.states`;
  const hot = m.states
    .filter((s) => touched(changed, `${base}.${s.name}`))
    .map((s) => id.get(s.name)!);
  const w = createWriter().line("stateDiagram-v2");
  w.indent(() => {
    for (const s of m.states) w.line(`state ${mermaidLabel(s.name)} as ${id.get(s.name)}`);
    if (id.has(m.initial)) w.line(`[*] --> ${id.get(m.initial)}`);
    for (const s of m.states) {
      for (const t of s.transitions) {
        const to = id.get(t.to);
        if (to === undefined) continue;
        const ev =
          t.event.domain === domain.name ? t.event.name : `${t.event.domain}.${t.event.name}`;
        const label = t.guard ? `${ev} if ${t.guard.source}` : ev;
        w.line(`${id.get(s.name)} --> ${to} : ${edgeText(label)}`);
      }
      if (s.final) w.line(`${id.get(s.name)} --> [*]`);
    }
    if (hot.length > 0) {
      w.line("classDef changed fill:#fff3b0,stroke:#b45309,stroke-width:2px");
      for (const h of hot) w.line(`class ${h} changed`);
    }
  });
  return w.toString();
}

/** A left-to-right flowchart of one value flow; a changed flow is styled as a whole. */
export function flowDiagram(domain: Domain, f: Flow, changed: ChangedPaths): string {
  const w = createWriter().line("flowchart LR");
  const nodes = new Map<string, string>();
  // Declares a node on first use (called inside the indented body).
  const node = (name: string) => {
    if (!nodes.has(name)) {
      nodes.set(name, `n${nodes.size}`);
      w.line(`${nodes.get(name)}[${mermaidLabel(name)}]`);
    }
    return nodes.get(name)!;
  };
  w.indent(() => {
    let prev: string | undefined;
    for (const s of f.steps) {
      const a = node(`${s.event.domain}.${s.event.name}`);
      if (prev !== undefined) w.line(`${prev} --> ${a}`);
      prev = a;
      if (s.triggers) {
        const b = node(`${s.triggers.domain}.${s.triggers.name}`);
        w.line(`${a} -. triggers .-> ${b}`);
        prev = b;
      }
    }
    if (touched(changed, `${domain.name}.flows.${f.name}`) && nodes.size > 0) {
      w.line("classDef changed fill:#fff3b0,stroke:#b45309,stroke-width:2px");
      w.line(`class ${[...nodes.values()].join(",")} changed`);
    }
  });
  return w.toString();
}

/** A flowchart of slices and the interfaces they implement (solid) and use (dashed). */
export function dependencyDiagram(program: Program): string {
  const w = createWriter().line("flowchart LR");
  const ids = new Map<string, string>();
  // Declares a node on first use (called inside the indented body).
  const node = (key: string, label: string, shape: "slice" | "iface") => {
    if (!ids.has(key)) {
      ids.set(key, `d${ids.size}`);
      w.line(
        shape === "slice"
          ? `${ids.get(key)}([${mermaidLabel(label)}])`
          : `${ids.get(key)}[${mermaidLabel(label)}]`,
      );
    }
    return ids.get(key)!;
  };
  w.indent(() => {
    for (const d of program.domains) {
      for (const s of d.slices) {
        const a = node(`slice:${d.name}/${s.name}`, `${d.name}/${s.name}`, "slice");
        for (const t of s.implements)
          w.line(
            `${a} --> ${node(`${t.ref.domain}.${t.ref.name}`, `${t.ref.domain}.${t.ref.name}`, "iface")}`,
          );
        for (const t of s.uses)
          w.line(
            `${a} -.-> ${node(`${t.ref.domain}.${t.ref.name}`, `${t.ref.domain}.${t.ref.name}`, "iface")}`,
          );
      }
    }
  });
  return w.toString();
}
