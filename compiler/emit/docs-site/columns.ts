/**
 * A two-column layout for bipartite diagrams (the slice dependency map): sources stacked on the
 * left, targets on the right, each edge an orthogonal polyline with a vertical channel of its
 * own in the gap between the columns. Edges leave from ports spread down the source's right
 * side and enter ports spread down the target's left side, so no two share a port. A map with
 * many interfaces grows downwards rather than sideways. Integer coordinates, deterministic.
 */
import {
  clipText,
  textWidth,
  type GraphEdge,
  type GraphNode,
  type Layout,
  type PlacedEdge,
  type PlacedNode,
} from "./layout.js";
import { visibleText } from "./visible.js";

const PAD_X = 10;
const MARGIN = 12;
const V_GAP = 12;
const PORT_GAP = 8;
const CHANNEL_GAP = 10;

interface Col {
  node: GraphNode;
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  ports: number[];
}

/** Lay out `left` and `right` nodes in two columns; edges run from a left node to a right one. */
export function layoutColumns(
  left: readonly GraphNode[],
  right: readonly GraphNode[],
  edges: readonly GraphEdge[],
): Layout {
  const cols = new Map<string, Col>();
  const make = (n: GraphNode) => {
    const text = clipText(visibleText(n.label));
    const c: Col = { node: n, text, x: 0, y: 0, w: textWidth(text) + 2 * PAD_X, h: 30, ports: [] };
    cols.set(n.id, c);
    return c;
  };
  const l = left.filter((n) => !cols.has(n.id)).map(make);
  const r = right.filter((n) => !cols.has(n.id)).map(make);
  const leftIds = new Set(l.map((c) => c.node.id));
  const rightIds = new Set(r.map((c) => c.node.id));
  const used = edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => leftIds.has(e.from) && rightIds.has(e.to));
  // Each node's edges on its side, in edge order (once: the map may have thousands of edges).
  type Used = (typeof used)[number];
  const at = { from: new Map<string, Used[]>(), to: new Map<string, Used[]>() };
  for (const u of used) {
    for (const side of ["from", "to"] as const) {
      const list = at[side].get(u.e[side]);
      if (list === undefined) at[side].set(u.e[side], [u]);
      else list.push(u);
    }
  }
  // Taller boxes when many edges meet one side.
  const count = (id: string) => (at.from.get(id)?.length ?? 0) + (at.to.get(id)?.length ?? 0);
  for (const c of cols.values()) c.h = Math.max(30, PORT_GAP * (count(c.node.id) + 1));
  const stack = (cs: Col[]) => cs.reduce((s, c) => s + c.h, 0) + V_GAP * Math.max(0, cs.length - 1);
  const height = Math.max(stack(l), stack(r));
  const leftW = Math.max(0, ...l.map((c) => c.w));
  const gap = 32 + used.length * CHANNEL_GAP;
  const place = (cs: Col[], x: (c: Col) => number) => {
    let y = MARGIN + Math.floor((height - stack(cs)) / 2);
    for (const c of cs) {
      c.x = x(c);
      c.y = y;
      y += c.h + V_GAP;
    }
  };
  place(l, (c) => MARGIN + leftW - c.w);
  place(r, () => MARGIN + leftW + gap);
  // Ports: ordered by the other end's position, so lines from one box fan out without crossing.
  const mid = (c: Col) => c.y + c.h / 2;
  // Edge `i`'s port at each end: its rank among the edges of that box (by the other end's
  // position, then edge order) and how many there are; sorted once per box.
  const ports = {
    from: new Map<number, [number, number]>(),
    to: new Map<number, [number, number]>(),
  };
  for (const side of ["from", "to"] as const) {
    const other = side === "from" ? "to" : "from";
    for (const list of at[side].values()) {
      const sorted = [...list].sort(
        (a, b) => mid(cols.get(a.e[other])!) - mid(cols.get(b.e[other])!) || a.i - b.i,
      );
      sorted.forEach((u, k) => ports[side].set(u.i, [k, sorted.length]));
    }
  }
  const portY = (c: Col, side: "from" | "to", i: number) => {
    const [k, n] = ports[side].get(i)!;
    return c.y + Math.round((c.h * (k + 1)) / (n + 1));
  };
  // Channels: edges from higher sources take channels nearer the sources.
  const order = [...used].sort(
    (a, b) =>
      mid(cols.get(a.e.from)!) - mid(cols.get(b.e.from)!) ||
      mid(cols.get(a.e.to)!) - mid(cols.get(b.e.to)!) ||
      a.i - b.i,
  );
  const placed: PlacedEdge[] = order.map(({ e, i }, k) => {
    const s = cols.get(e.from)!;
    const t = cols.get(e.to)!;
    const ys = portY(s, "from", i);
    const yt = portY(t, "to", i);
    const xc = MARGIN + leftW + 16 + k * CHANNEL_GAP;
    const end = { x: t.x, y: yt };
    const points = [{ x: s.x + s.w, y: ys }, { x: xc, y: ys }, { x: xc, y: yt }, end];
    return { ...e, points, head: { at: end, dir: "right" as const } };
  });
  const nodes: PlacedNode[] = [...l, ...r].map((c) => ({
    ...c.node,
    x: c.x,
    y: c.y,
    w: c.w,
    h: c.h,
    text: c.text,
  }));
  const width = MARGIN + leftW + gap + Math.max(0, ...r.map((c) => c.w)) + MARGIN;
  return { width, height: height + 2 * MARGIN, nodes, edges: placed };
}
