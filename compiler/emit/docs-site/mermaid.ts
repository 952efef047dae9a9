/**
 * Mermaid sources for state machines, value flows and the slice dependency map. Node ids are
 * generated (`s0`, `n1`); every label from user text goes through {@link mermaidLabel}, which
 * turns anything but plain characters into Mermaid entity codes (`#34;`), so a name or
 * description can never add statements, links or click handlers to a diagram.
 */
import type { Domain, Flow, Machine, Program } from "../../ir/types.js";
import { edgeText, mermaidLabel } from "../../shared/escape.js";

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
  const lines = ["stateDiagram-v2"];
  for (const s of m.states) lines.push(`  state ${mermaidLabel(s.name)} as ${id.get(s.name)}`);
  if (id.has(m.initial)) lines.push(`  [*] --> ${id.get(m.initial)}`);
  for (const s of m.states) {
    for (const t of s.transitions) {
      const to = id.get(t.to);
      if (to === undefined) continue;
      const ev =
        t.event.domain === domain.name ? t.event.name : `${t.event.domain}.${t.event.name}`;
      const label = t.guard ? `${ev} if ${t.guard.source}` : ev;
      lines.push(`  ${id.get(s.name)} --> ${to} : ${edgeText(label)}`);
    }
    if (s.final) lines.push(`  ${id.get(s.name)} --> [*]`);
  }
  const base = `${domain.name}.machines.${m.name}.states`;
  const hot = m.states
    .filter((s) => touched(changed, `${base}.${s.name}`))
    .map((s) => id.get(s.name)!);
  if (hot.length > 0) {
    lines.push("  classDef changed fill:#fff3b0,stroke:#b45309,stroke-width:2px");
    for (const h of hot) lines.push(`  class ${h} changed`);
  }
  return lines.join("\n") + "\n";
}

/** A left-to-right flowchart of one value flow; a changed flow is styled as a whole. */
export function flowDiagram(domain: Domain, f: Flow, changed: ChangedPaths): string {
  const lines = ["flowchart LR"];
  const nodes = new Map<string, string>();
  const node = (name: string) => {
    if (!nodes.has(name)) {
      nodes.set(name, `n${nodes.size}`);
      lines.push(`  ${nodes.get(name)}[${mermaidLabel(name)}]`);
    }
    return nodes.get(name)!;
  };
  let prev: string | undefined;
  for (const s of f.steps) {
    const a = node(`${s.event.domain}.${s.event.name}`);
    if (prev !== undefined) lines.push(`  ${prev} --> ${a}`);
    prev = a;
    if (s.triggers) {
      const b = node(`${s.triggers.domain}.${s.triggers.name}`);
      lines.push(`  ${a} -. triggers .-> ${b}`);
      prev = b;
    }
  }
  if (touched(changed, `${domain.name}.flows.${f.name}`) && nodes.size > 0) {
    lines.push("  classDef changed fill:#fff3b0,stroke:#b45309,stroke-width:2px");
    lines.push(`  class ${[...nodes.values()].join(",")} changed`);
  }
  return lines.join("\n") + "\n";
}

/** A flowchart of slices and the interfaces they implement (solid) and use (dashed). */
export function dependencyDiagram(program: Program): string {
  const lines = ["flowchart LR"];
  const ids = new Map<string, string>();
  const node = (key: string, label: string, shape: "slice" | "iface") => {
    if (!ids.has(key)) {
      ids.set(key, `d${ids.size}`);
      lines.push(
        shape === "slice"
          ? `  ${ids.get(key)}([${mermaidLabel(label)}])`
          : `  ${ids.get(key)}[${mermaidLabel(label)}]`,
      );
    }
    return ids.get(key)!;
  };
  for (const d of program.domains) {
    for (const s of d.slices) {
      const a = node(`slice:${d.name}/${s.name}`, `${d.name}/${s.name}`, "slice");
      for (const t of s.implements)
        lines.push(
          `  ${a} --> ${node(`${t.ref.domain}.${t.ref.name}`, `${t.ref.domain}.${t.ref.name}`, "iface")}`,
        );
      for (const t of s.uses)
        lines.push(
          `  ${a} -.-> ${node(`${t.ref.domain}.${t.ref.name}`, `${t.ref.domain}.${t.ref.name}`, "iface")}`,
        );
    }
  }
  return lines.join("\n") + "\n";
}
