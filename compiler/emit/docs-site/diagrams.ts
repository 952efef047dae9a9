/**
 * The docs site's diagrams as inline SVG, built from the IR: state machines (states in layers by
 * BFS depth from the initial state, transitions labelled with their event and guard, final
 * states drawn with a double border, changed states highlighted), value flows (one node per
 * `domain.event`, `triggers` edges dashed) and the slice dependency map (slices in a column
 * left of the interfaces they implement, solid, or use, dashed). The Mermaid sources of the same diagrams
 * stay in docs/diagrams/ (compiler/emit/docs-site/mermaid.ts).
 */
import type { Domain, Flow, Machine, Program } from "../../ir/types.js";
import type { GraphEdge, GraphNode, Layout } from "./layout.js";
import { touched, type ChangedPaths } from "./mermaid.js";
import { layoutColumns } from "./columns.js";
import { graphSvg, renderSvg } from "./svg.js";

/** SVG of one state machine; one `g.node.state` per state. */
export function machineSvg(domain: Domain, m: Machine, changed: ChangedPaths): string {
  const base = `${domain.name}.machines.${m.name}.states`;
  const nodes: GraphNode[] = m.states.map((s) => ({
    id: s.name,
    label: s.name,
    kind: "state",
    final: s.final,
    changed: touched(changed, `${base}.${s.name}`),
  }));
  const edges: GraphEdge[] = m.states.flatMap((s) =>
    s.transitions.map((t) => {
      const ev =
        t.event.domain === domain.name ? t.event.name : `${t.event.domain}.${t.event.name}`;
      return { from: s.name, to: t.to, label: t.guard ? `${ev} if ${t.guard.source}` : ev };
    }),
  );
  return graphSvg(
    { nodes, edges, initial: m.initial },
    `State machine ${domain.name}.${m.name}`,
    "machine",
  );
}

/** SVG of one value flow; a changed flow is highlighted as a whole. */
export function flowSvg(domain: Domain, f: Flow, changed: ChangedPaths): string {
  const hot = touched(changed, `${domain.name}.flows.${f.name}`);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const node = (domainName: string, event: string) => {
    const id = `${domainName}.${event}`;
    if (!nodes.has(id)) nodes.set(id, { id, label: id, kind: "step", changed: hot });
    return id;
  };
  let prev: string | undefined;
  for (const s of f.steps) {
    const a = node(s.event.domain, s.event.name);
    if (prev !== undefined) edges.push({ from: prev, to: a });
    prev = a;
    if (s.triggers) {
      const b = node(s.triggers.domain, s.triggers.name);
      edges.push({ from: a, to: b, label: "triggers", dashed: true });
      prev = b;
    }
  }
  const first = nodes.keys().next();
  return graphSvg(
    { nodes: [...nodes.values()], edges, initial: first.done ? undefined : first.value },
    `Flow ${domain.name}.${f.name}`,
    "flow",
  );
}

/** SVG of slices and the interfaces they implement (solid) and use (dashed). */
export function dependencySvg(program: Program): string {
  return renderSvg(dependencyLayout(program), "Slice dependency map", "dependencies");
}

/** Layout of the slice dependency map: slices left, the interfaces they reach right. */
export function dependencyLayout(program: Program): Layout {
  const slices = new Map<string, GraphNode>();
  const targets = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const node = (id: string, label: string, slice: boolean) => {
    const into = slice ? slices : targets;
    if (!into.has(id))
      into.set(
        id,
        slice ? { id, label, kind: "slice", shape: "round" } : { id, label, kind: "interface" },
      );
    return id;
  };
  for (const d of program.domains) {
    for (const s of d.slices) {
      const a = node(`slice:${d.name}/${s.name}`, `${d.name}/${s.name}`, true);
      for (const t of s.implements)
        edges.push({
          from: a,
          to: node(`${t.ref.domain}.${t.ref.name}`, `${t.ref.domain}.${t.ref.name}`, false),
        });
      for (const t of s.uses)
        edges.push({
          from: a,
          to: node(`${t.ref.domain}.${t.ref.name}`, `${t.ref.domain}.${t.ref.name}`, false),
          dashed: true,
        });
    }
  }
  return layoutColumns([...slices.values()], [...targets.values()], edges);
}
