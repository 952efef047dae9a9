/**
 * Inline SVG of a laid-out diagram (compiler/emit/docs-site/layout.ts). Everything from intent
 * (labels, ids, tooltips) goes through {@link xmlText}; classes and numbers come from code. No
 * ids, no scripts, no links, no external references: several diagrams can share a page, and the
 * markup is the same bytes on every build. Colours are presentation attributes, so the SVG also
 * renders without the site's stylesheet.
 */
import { FONT_SIZE, layoutGraph, type Graph, type Layout, type Point } from "./layout.js";
import { xmlText } from "./visible.js";

const INK = "#334e68";
const EDGE = "#627d98";
const FILL = "#f0f4f8";
const CHANGED_FILL = "#fff3b0";
const CHANGED_INK = "#b45309";
const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

function pathD(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" ");
}

function head(at: Point, dir: "down" | "left" | "right"): string {
  const back = { down: [0, -7], left: [7, 0], right: [-7, 0] }[dir];
  const side = dir === "down" ? [4, 0] : [0, 4];
  const pts = [
    [at.x + back[0] - side[0], at.y + back[1] - side[1]],
    [at.x + back[0] + side[0], at.y + back[1] + side[1]],
    [at.x, at.y],
  ];
  return `<polygon points="${pts.map((p) => p.join(",")).join(" ")}" fill="${EDGE}"/>`;
}

/** SVG markup of a layout; `title` names the diagram for assistive technology. */
export function renderSvg(layout: Layout, title: string, kind: string): string {
  const { width: w, height: h } = layout;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram diagram-${kind}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${xmlText(title)}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
  ];
  out.push(`<g class="edges" fill="none" stroke="${EDGE}" stroke-width="1.5">`);
  if (layout.start) {
    const { dot, to } = layout.start;
    out.push(
      `<circle class="start" cx="${dot.x}" cy="${dot.y}" r="5" fill="${INK}" stroke="none"/>`,
    );
    out.push(`<path d="${pathD([dot, to])}"/>${head(to, "down")}`);
  }
  for (const e of layout.edges) {
    out.push(
      `<path d="${pathD(e.points)}"${e.dashed ? ` stroke-dasharray="5 4"` : ""}/>${head(e.head.at, e.head.dir)}`,
    );
  }
  out.push("</g>");
  out.push(`<g class="nodes" fill="${FILL}" stroke="${INK}">`);
  for (const n of layout.nodes) {
    const classes = [
      "node",
      n.kind ?? "box",
      ...(n.final ? ["final"] : []),
      ...(n.changed ? ["changed"] : []),
    ].join(" ");
    const paint = n.changed
      ? ` fill="${CHANGED_FILL}" stroke="${CHANGED_INK}" stroke-width="2"`
      : "";
    const rx = n.shape === "round" ? Math.floor(n.h / 2) : 4;
    out.push(`<g class="${classes}" data-id="${xmlText(n.id)}"><title>${xmlText(n.label)}</title>`);
    out.push(`<rect x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="${rx}"${paint}/>`);
    if (n.final)
      out.push(
        `<rect x="${n.x + 3}" y="${n.y + 3}" width="${n.w - 6}" height="${n.h - 6}" rx="${Math.max(0, rx - 2)}" fill="none"/>`,
      );
    const cy = n.y + Math.round(n.h / 2) + 4;
    out.push(
      `<text x="${n.x + Math.round(n.w / 2)}" y="${cy}" text-anchor="middle" fill="#102a43" stroke="none">${xmlText(n.text)}</text></g>`,
    );
  }
  out.push("</g>");
  const labelled = layout.edges.filter((e) => e.text !== undefined);
  if (labelled.length > 0) {
    out.push(
      `<g class="labels" fill="#243b53" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`,
    );
    for (const e of labelled) {
      const t = e.text!;
      out.push(
        `<text x="${t.at.x}" y="${t.at.y}"><title>${xmlText(e.label ?? "")}</title>${xmlText(t.value)}</text>`,
      );
    }
    out.push("</g>");
  }
  out.push("</svg>");
  return out.join("\n");
}

/** Lay out and render `graph` as one inline `<svg>`. */
export function graphSvg(graph: Graph, title: string, kind: string): string {
  return renderSvg(layoutGraph(graph), title, kind);
}
