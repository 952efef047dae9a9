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
  // Taller boxes when many edges meet one side.
  const count = (id: string) => used.filter(({ e }) => e.from === id || e.to === id).length;
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
  const byOther = (id: string, side: "from" | "to") =>
    used
      .filter(({ e }) => e[side] === id)
      .sort(
        (a, b) =>
          mid(cols.get(side === "from" ? a.e.to : a.e.from)!) -
            mid(cols.get(side === "from" ? b.e.to : b.e.from)!) || a.i - b.i,
      );
  const portY = (c: Col, list: { i: number }[], i: number) =>
    c.y + Math.round((c.h * (list.findIndex((x) => x.i === i) + 1)) / (list.length + 1));
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
    const ys = portY(s, byOther(e.from, "from"), i);
    const yt = portY(t, byOther(e.to, "to"), i);
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
