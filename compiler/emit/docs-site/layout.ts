/**
 * A small, deterministic layered layout for the docs site's diagrams (no browser, no floats in
 * the output: every coordinate is an integer). Nodes are boxes in rows ("layers", top to
 * bottom): by BFS depth from the initial node, or as the caller assigns. Edges are orthogonal
 * polylines that never cross a box:
 *  - to the next layer: down from the source into a row of its own in the gap below, across,
 *    and down into the target;
 *  - anything else (back edges, same layer, skipping layers): down into a row below the source,
 *    right to a channel column of its own beside the diagram, to a row in the gap above the
 *    target, across and down into it;
 *  - self-transitions: a small loop on the box's right side, stacked when there are several.
 * Each edge label sits on its own row, so labels never overlap one another. Text width is
 * estimated for a 12px monospace font (wide East Asian characters count twice). Labels are
 * passed through {@link visibleText} before they are measured, so what is measured is what is shown.
 */
import { orderRows, type RowSegment } from "./rows.js";
import { visibleText } from "./visible.js";

/** A node of a diagram. */
export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly final?: boolean;
  readonly changed?: boolean;
  readonly shape?: "box" | "round";
  /** CSS class of the node (from code, never from intent): `state`, `step`, `slice`, `interface`. */
  readonly kind?: string;
}

/** A directed edge; `label` is shown next to it. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly dashed?: boolean;
}

/** A diagram to lay out. */
export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The initial node: layers by BFS from it, and an entry marker above it. */
  readonly initial?: string;
  /** Explicit layer per node id (instead of BFS). */
  readonly layers?: ReadonlyMap<string, number>;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode extends GraphNode {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Label shown (clipped to {@link LABEL_COLS} columns). */
  readonly text: string;
}

export interface PlacedEdge extends GraphEdge {
  readonly points: readonly Point[];
  /** Where the arrow head ends and which way it points. */
  readonly head: { readonly at: Point; readonly dir: "down" | "left" | "right" };
  /** Shown label (clipped) and its baseline start, when the edge has a label. */
  readonly text?: { readonly value: string; readonly at: Point };
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Entry marker (a dot and an arrow into the initial node). */
  readonly start?: { readonly dot: Point; readonly to: Point };
}

export const FONT_SIZE = 12;
/** Longest label shown, in columns; longer ones are clipped with `…` (the full text is a tooltip). */
export const LABEL_COLS = 48;
const CHAR_W = 7.2;
const PAD_X = 10;
const BOX_H = 30;
const NODE_GAP = 28;
const ROW = 18;
const MARGIN = 12;
const LOOP_W = 12;
const CHANNEL_GAP = 10;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function columns(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x300 && cp <= 0x36f) return 0; // combining marks
  return isWide(cp) ? 2 : 1;
}

/** `text` cut to at most `max` columns, with `…` when cut. */
export function clipText(text: string, max = LABEL_COLS): string {
  let cols = 0;
  let out = "";
  for (const ch of text) {
    const c = columns(ch);
    if (cols + c > max - 1) return `${out}…`;
    cols += c;
    out += ch;
  }
  return out;
}

/** Estimated width in px of `text` in the diagram font. */
export function textWidth(text: string): number {
  let cols = 0;
  for (const ch of text) cols += columns(ch);
  return Math.ceil(cols * CHAR_W);
}

/** Layer index per node: explicit, or BFS depth from the initial node; unreached nodes start new BFS runs below. */
export function assignLayers(g: Graph): Map<string, number> {
  if (g.layers) return new Map(g.nodes.map((n) => [n.id, g.layers!.get(n.id) ?? 0]));
  const next = new Map<string, string[]>(g.nodes.map((n) => [n.id, []]));
  for (const e of g.edges) if (e.from !== e.to && next.has(e.to)) next.get(e.from)?.push(e.to);
  const layer = new Map<string, number>();
  const roots = [
    ...(g.initial !== undefined && next.has(g.initial) ? [g.initial] : []),
    ...g.nodes.map((n) => n.id),
  ];
  let base = 0;
  for (const root of roots) {
    if (layer.has(root)) continue;
    layer.set(root, base);
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      for (const to of next.get(queue[i])!) {
        if (layer.has(to)) continue;
        layer.set(to, layer.get(queue[i])! + 1);
        queue.push(to);
      }
    }
    base = Math.max(...layer.values()) + 1;
  }
  return layer;
}

interface Box {
  node: GraphNode;
  text: string;
  layer: number;
  x: number;
  y: number;
  w: number;
  h: number;
  loops: number[];
  footprint: number;
}

interface Route {
  edge: number;
  kind: "next" | "channel";
  channel: number;
  xs: number;
  xt: number;
  rowBelow: number;
  rowAbove: number;
}

/** Lay out `g`. Pure and deterministic: the same graph gives the same numbers. */
export function layoutGraph(g: Graph): Layout {
  const layerOf = assignLayers(g);
  const boxes = new Map<string, Box>();
  const layerCount = Math.max(0, ...layerOf.values()) + 1;
  const rows: Box[][] = Array.from({ length: layerCount }, () => []);
  for (const n of g.nodes) {
    if (boxes.has(n.id)) continue;
    const text = clipText(visibleText(n.label));
    const b: Box = {
      node: n,
      text,
      layer: layerOf.get(n.id)!,
      x: 0,
      y: 0,
      w: textWidth(text) + 2 * PAD_X,
      h: BOX_H,
      loops: [],
      footprint: 0,
    };
    boxes.set(n.id, b);
    rows[b.layer].push(b);
  }
  const edges = g.edges.filter((e) => boxes.has(e.from) && boxes.has(e.to));
  // Self loops widen and heighten their box's footprint.
  edges.forEach((e, i) => e.from === e.to && boxes.get(e.from)!.loops.push(i));
  for (const b of boxes.values()) {
    b.h = Math.max(BOX_H, 8 + 16 * b.loops.length);
    const labels = b.loops.map((i) => textWidth(clipText(visibleText(edges[i].label ?? ""))));
    b.footprint = b.w + (b.loops.length > 0 ? LOOP_W + 6 + Math.max(0, ...labels) : 0);
  }
  // Horizontal placement: each layer packed and centred.
  const widths = rows.map(
    (r) => r.reduce((s, b) => s + b.footprint, 0) + NODE_GAP * Math.max(0, r.length - 1),
  );
  const contentW = Math.max(0, ...widths);
  rows.forEach((r, i) => {
    let x = MARGIN + Math.floor((contentW - widths[i]) / 2);
    for (const b of r) {
      b.x = x;
      x += b.footprint + NODE_GAP;
    }
  });
  // Routes (gap k lies above layer k; gap layerCount below the last layer).
  const routes: Route[] = [];
  let channels = 0;
  edges.forEach((e, i) => {
    if (e.from === e.to) return;
    const next = boxes.get(e.to)!.layer === boxes.get(e.from)!.layer + 1;
    routes.push({
      edge: i,
      kind: next ? "next" : "channel",
      channel: next ? -1 : channels++,
      xs: 0,
      xt: 0,
      rowBelow: -1,
      rowAbove: -1,
    });
  });
  // Ports: outgoing edges spread along the bottom, incoming (and the entry marker) along the top,
  // ordered by where the other end lies (channel edges, which leave to the right, last).
  const hasStart = g.initial !== undefined && boxes.has(g.initial);
  const cx = (b: Box) => b.x + b.w / 2;
  const bottom = new Map<string, { key: number; route: number }[]>();
  const top = new Map<string, { key: number; route: number }[]>();
  const add = (m: typeof bottom, id: string, key: number, route: number) =>
    (m.get(id) ?? m.set(id, []).get(id)!).push({ key, route });
  routes.forEach((r, ri) => {
    const e = edges[r.edge];
    const far = r.kind === "channel" ? 1e9 + r.channel : 0;
    add(bottom, e.from, far || cx(boxes.get(e.to)!), ri);
    add(top, e.to, far || cx(boxes.get(e.from)!), ri);
  });
  if (hasStart) add(top, g.initial!, -1, -1);
  const portX = (ports: typeof bottom, id: string, route: number) => {
    const list = [...ports.get(id)!].sort((a, b) => a.key - b.key || a.route - b.route);
    const b = boxes.get(id)!;
    return (
      b.x + Math.round((b.w * (list.findIndex((p) => p.route === route) + 1)) / (list.length + 1))
    );
  };
  const right = Math.max(MARGIN, ...[...boxes.values()].map((b) => b.x + b.footprint));
  const channelX = (c: number) => right + 16 + c * CHANNEL_GAP;
  // Rows: each route's horizontal segments, ordered per gap to cross as little as possible.
  const gaps: { route: Route; below: boolean; seg: RowSegment }[][] = Array.from(
    { length: layerCount + 1 },
    () => [],
  );
  routes.forEach((r, ri) => {
    const e = edges[r.edge];
    const la = boxes.get(e.from)!.layer;
    const lb = boxes.get(e.to)!.layer;
    r.xs = portX(bottom, e.from, ri);
    r.xt = portX(top, e.to, ri);
    if (r.kind === "next") {
      gaps[lb].push({
        route: r,
        below: true,
        seg: { from: r.xs, to: r.xt, up: [r.xs], down: [r.xt] },
      });
    } else {
      const xc = channelX(r.channel);
      const downward = lb > la;
      gaps[la + 1].push({
        route: r,
        below: true,
        seg: { from: r.xs, to: xc, up: [r.xs], down: downward ? [xc] : [] },
      });
      gaps[lb].push({
        route: r,
        below: false,
        seg: {
          from: xc,
          to: r.xt,
          up: downward ? [xc] : [],
          down: [r.xt, ...(downward ? [] : [xc])],
        },
      });
    }
  });
  for (const gap of gaps) {
    const order = orderRows(gap.map((s) => s.seg));
    gap.forEach((s, i) =>
      s.below ? (s.route.rowBelow = order[i]) : (s.route.rowAbove = order[i]),
    );
  }
  // Vertical placement.
  const gapTop: number[] = [];
  const gapH = (k: number) =>
    Math.max(
      k === 0 && hasStart ? 30 : 24,
      gaps[k].length === 0 ? 0 : 16 + (gaps[k].length - 1) * ROW + 14,
    );
  let y = MARGIN;
  for (let k = 0; k <= layerCount; k++) {
    gapTop.push(y);
    y += gapH(k);
    if (k === layerCount) break;
    const h = Math.max(0, ...rows[k].map((b) => b.h));
    for (const b of rows[k]) b.y = y;
    y += h;
  }
  const height = y + MARGIN;
  const rowY = (gap: number, row: number) => gapTop[gap] + 16 + row * ROW;
  let width = right + 16 + channels * CHANNEL_GAP + MARGIN;
  const placed: PlacedEdge[] = [];
  // A label sits on its edge's row, above the segment, starting at the source's vertical (or,
  // for a segment going left, ending there).
  const label = (e: GraphEdge, x: number, y: number, leftward: boolean) => {
    if (!e.label) return undefined;
    const value = clipText(visibleText(e.label));
    const w = textWidth(value);
    const at = { x: leftward ? Math.max(MARGIN, x - 4 - w) : x + 4, y };
    width = Math.max(width, at.x + w + MARGIN);
    return { value, at };
  };
  for (const r of routes) {
    const e = edges[r.edge];
    const s = boxes.get(e.from)!;
    const t = boxes.get(e.to)!;
    const { xs, xt } = r;
    const y1 = rowY(s.layer + 1, r.rowBelow);
    const end = { x: xt, y: t.y };
    if (r.kind === "next") {
      const points = [{ x: xs, y: s.y + s.h }, { x: xs, y: y1 }, { x: xt, y: y1 }, end];
      placed[r.edge] = {
        ...e,
        points,
        head: { at: end, dir: "down" },
        text: label(e, xs, y1 - 4, xt < xs),
      };
    } else {
      const xc = channelX(r.channel);
      const y2 = rowY(t.layer, r.rowAbove);
      const points = [
        { x: xs, y: s.y + s.h },
        { x: xs, y: y1 },
        { x: xc, y: y1 },
        { x: xc, y: y2 },
        { x: xt, y: y2 },
        end,
      ];
      placed[r.edge] = {
        ...e,
        points,
        head: { at: end, dir: "down" },
        text: label(e, xs, y1 - 4, false),
      };
    }
  }
  for (const b of boxes.values()) {
    b.loops.forEach((i, k) => {
      const yk = b.y + Math.round((b.h * (k + 1)) / (b.loops.length + 1));
      const x0 = b.x + b.w;
      const points = [
        { x: x0, y: yk - 5 },
        { x: x0 + LOOP_W, y: yk - 5 },
        { x: x0 + LOOP_W, y: yk + 5 },
        { x: x0, y: yk + 5 },
      ];
      placed[i] = {
        ...edges[i],
        points,
        head: { at: { x: x0, y: yk + 5 }, dir: "left" },
        text: label(edges[i], x0 + LOOP_W, yk + 4, false),
      };
    });
  }
  const start = hasStart
    ? (() => {
        const b = boxes.get(g.initial!)!;
        const x = portX(top, g.initial!, -1);
        return { dot: { x, y: gapTop[0] + 6 }, to: { x, y: b.y } };
      })()
    : undefined;
  const nodes = [...boxes.values()].map((b) => ({
    ...b.node,
    x: b.x,
    y: b.y,
    w: b.w,
    h: b.h,
    text: b.text,
  }));
  return { width, height, nodes, edges: placed.filter((p) => p !== undefined), start };
}
