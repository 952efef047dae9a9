/**
 * Pre-rendered SVG diagrams of the docs site: deterministic (golden files), escaped, and laid
 * out as promised (layers by BFS depth, no box overlaps, edges never cut through a box, labels
 * never overlap one another).
 */
import { describe, expect, test } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { compileMemory } from "../../helpers.js";
import {
  dependencyLayout,
  dependencySvg,
  flowSvg,
  machineSvg,
} from "../../../compiler/emit/docs-site/diagrams.js";
import { layoutColumns } from "../../../compiler/emit/docs-site/columns.js";
import {
  clipText,
  layoutGraph,
  textWidth,
  type Graph,
  type Layout,
} from "../../../compiler/emit/docs-site/layout.js";
import { crossings, orderRows } from "../../../compiler/emit/docs-site/rows.js";
import {
  sweepHtml,
  visibleData,
  visibleText,
  xmlText,
} from "../../../compiler/emit/docs-site/visible.js";
import { flowSequenceSvg } from "../../../compiler/emit/flow-sequence.js";
import { renderSite } from "../../../compiler/emit/docs-site.js";
import { knowledgeEmitter } from "../../../compiler/emit/knowledge.js";
import { analyzeSync } from "../../../compiler/driver/analyze.js";
import type { Domain, Flow, Machine, Program } from "../../../compiler/ir/types.js";

const GOLDEN = "test/emit/docs/fixtures";

function example(): Program {
  const files: Record<string, string> = {};
  for (const name of readdirSync("intent").sort()) {
    if (name.endsWith(".intent.yaml"))
      files[`intent/${name}`] = readFileSync(`intent/${name}`, "utf8");
  }
  const r = compileMemory(files);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

function golden(name: string, actual: string): void {
  const path = `${GOLDEN}/${name}`;
  if (process.env.UPDATE === "1" || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** A machine built directly (names here need not pass the intent schema). */
function machine(
  states: [
    name: string,
    final: boolean,
    transitions: [event: string, to: string, guard?: string][],
  ][],
  initial: string,
): Machine {
  const loc = { file: "x", line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    kind: "machine",
    name: "M",
    entity: { domain: "d", name: "E" },
    initial,
    init: [],
    loc,
    states: states.map(([name, final, ts]) => ({
      name,
      final,
      loc,
      transitions: ts.map(([event, to, guard]) => ({
        event: { domain: "d", name: event },
        to,
        set: [],
        loc,
        ...(guard ? { guard: { source: guard } } : {}),
      })),
    })),
  } as unknown as Machine;
}
const DOMAIN = { name: "d" } as Domain;

/** Tag names used in an SVG document. */
const tags = (svg: string) => new Set([...svg.matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((m) => m[1]));

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every geometric promise of a layout. */
function checkGeometry(l: Layout): void {
  for (const [i, a] of l.nodes.entries()) {
    for (const b of l.nodes.slice(i + 1))
      expect(overlaps(a, b), `${a.id} / ${b.id} overlap`).toBe(false);
    expect(a.x + a.w <= l.width && a.y + a.h <= l.height && a.x >= 0 && a.y >= 0).toBe(true);
  }
  for (const e of l.edges) {
    for (let k = 1; k < e.points.length; k++) {
      const [p, q] = [e.points[k - 1], e.points[k]];
      expect(p.x === q.x || p.y === q.y, "orthogonal segment").toBe(true);
      // A segment may touch a box's border (where it starts or ends) but never run through it.
      const seg = {
        x: Math.min(p.x, q.x),
        y: Math.min(p.y, q.y),
        w: Math.abs(p.x - q.x),
        h: Math.abs(p.y - q.y),
      };
      for (const n of l.nodes) {
        const inner = { x: n.x + 1, y: n.y + 1, w: n.w - 2, h: n.h - 2 };
        const through =
          seg.x < inner.x + inner.w &&
          inner.x < seg.x + Math.max(seg.w, 0.5) &&
          seg.y < inner.y + inner.h &&
          inner.y < seg.y + Math.max(seg.h, 0.5);
        expect(through, `edge ${e.from}→${e.to} runs through ${n.id}`).toBe(false);
      }
    }
  }
  const labels = l.edges
    .filter((e) => e.text)
    .map((e) => ({ x: e.text!.at.x, y: e.text!.at.y - 11, w: textWidth(e.text!.value), h: 13 }));
  for (const [i, a] of labels.entries())
    for (const b of labels.slice(i + 1)) expect(overlaps(a, b), "labels overlap").toBe(false);
  for (const lb of labels)
    for (const n of l.nodes) expect(overlaps(lb, n), `a label covers ${n.id}`).toBe(false);
}

describe("docs site diagrams (inline SVG)", () => {
  const program = example();

  test("the example's diagrams match the golden SVG and are byte-identical on every run", () => {
    const orders = program.domains.find((d) => d.name === "orders")!;
    const m = orders.machines.find((x) => x.name === "OrderLifecycle")!;
    const svg = machineSvg(orders, m, new Set());
    expect(machineSvg(orders, m, new Set())).toBe(svg);
    golden("orders.OrderLifecycle.svg", svg);
    golden("orders.flow.checkout.svg", flowSvg(orders, orders.flows[0], new Set()));
    golden("dependencies.svg", dependencySvg(program));
    expect(svg.match(/<g class="node state/g)).toHaveLength(m.states.length);
    expect(svg.match(/<g class="node state final"/g)).toHaveLength(
      m.states.filter((s) => s.final).length,
    );
    expect(svg).toContain("<title>submit if items.length &#62; 0 &#38;&#38; total &#62; 0</title>");
  });

  test("each flow's sequence diagram is inline on its domain page, the same SVG as docs/sequences/, linked from SYSTEM.md", () => {
    const site = renderSite(program, []);
    const ctx = { report: () => {}, options: {}, analysis: analyzeSync(program, 0, undefined) };
    const system = knowledgeEmitter.emit(program, ctx).get("docs/SYSTEM.md")!;
    let flows = 0;
    for (const d of program.domains) {
      const html = site.get(`domain-${d.name}.html`)!;
      for (const f of d.flows) {
        flows++;
        const svg = flowSequenceSvg(program, f);
        const figure = `<figure class="diagram" data-diagram="sequence" data-flow="${f.name}">${svg}<figcaption>`;
        expect(html, `${d.name}.${f.name}`).toContain(figure);
        expect(html).toContain(
          `<a href="../sequences/${d.name}.${f.name}.svg">SVG</a> · <a href="../sequences/${d.name}.${f.name}.txt">text</a>`,
        );
        expect(html.indexOf(`id="flow-${f.name}"`)).toBeLessThan(html.indexOf(figure));
        expect(system).toContain(`- ${d.name}.${f.name}: `);
        expect(system).toContain(
          `(sequence diagram: [svg](sequences/${d.name}.${f.name}.svg), [text](sequences/${d.name}.${f.name}.txt))`,
        );
      }
      // Several diagrams share the page: no ids, no page-wide style from a diagram.
      expect(html.match(/<svg[^]*?<\/svg>/g)?.join("")).not.toMatch(/ id=|<style|<marker|url\(#/);
    }
    expect(flows).toBeGreaterThan(0);
    const checkout = flowSequenceSvg(
      program,
      program.domains.find((d) => d.name === "orders")!.flows[0],
    );
    expect(checkout.match(/<g class="lifeline">/g)).toHaveLength(4); // environment, order, payment, shipment
    expect(checkout.match(/<g class="message">/g)).toHaveLength(4);
    expect(checkout.match(/<g class="message triggered">/g)).toHaveLength(2);
  });

  test("the sequence diagram escapes text from intent and uses no ids, styles, scripts or links", () => {
    const orders = program.domains.find((d) => d.name === "orders")!;
    const f = orders.flows[0];
    const evil = "'</text><script>alert(1)</script>\u202E\u200B&'";
    const hostile: Flow = {
      ...f,
      steps: f.steps.map((s) =>
        s.with
          ? { ...s, with: s.with.map((a) => ({ ...a, expr: { ...a.expr, source: evil } })) }
          : s,
      ),
    };
    const svg = flowSequenceSvg(program, hostile);
    expect([...tags(svg)].sort()).toEqual(["g", "line", "polygon", "rect", "svg", "text"]);
    expect(svg).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
    expect(svg).not.toMatch(/<script|onload|href| id=|url\(/i);
    expect(svg).toContain(
      "amount: &#39;&#60;/text&#62;&#60;script&#62;alert(1)&#60;/script&#62;\\u202E\\u200B&#38;&#39;",
    );
  });

  test("layers follow BFS depth from the initial state; unreachable states go below", () => {
    const m = machine(
      [
        ["c", false, [["back", "a"]]],
        [
          "a",
          false,
          [
            ["go", "b"],
            ["skip", "c"],
          ],
        ],
        [
          "b",
          false,
          [
            ["on", "c"],
            ["stay", "b"],
          ],
        ],
        ["orphan", true, [["x", "a"]]],
      ],
      "a",
    );
    const g: Graph = {
      initial: "a",
      nodes: m.states.map((s) => ({ id: s.name, label: s.name })),
      edges: m.states.flatMap((s) =>
        s.transitions.map((t) => ({ from: s.name, to: t.to, label: t.event.name })),
      ),
    };
    const l = layoutGraph(g);
    const y = Object.fromEntries(l.nodes.map((n) => [n.id, n.y]));
    expect(y.b).toBe(y.c); // both at depth 1
    expect(y.a).toBeLessThan(y.b);
    expect(y.orphan).toBeGreaterThan(y.b);
    expect(l.start?.to.y).toBe(y.a);
    checkGeometry(l);
    expect(layoutGraph(g)).toEqual(l);
  });

  test("geometry holds on every machine of the example and on generated graphs", () => {
    for (const d of program.domains) {
      for (const m of d.machines) {
        const g: Graph = {
          initial: m.initial,
          nodes: m.states.map((s) => ({ id: s.name, label: s.name })),
          edges: m.states.flatMap((s) =>
            s.transitions.map((t) => ({
              from: s.name,
              to: t.to,
              label: `${t.event.name}${t.guard ? ` if ${t.guard.source}` : ""}`,
            })),
          ),
        };
        checkGeometry(layoutGraph(g));
      }
    }
    const deps = dependencyLayout(program);
    const slices = program.domains.flatMap((d) => d.slices);
    const targets = new Set(
      slices.flatMap((s) =>
        [...s.implements, ...s.uses].map((t) => `${t.ref.domain}.${t.ref.name}`),
      ),
    );
    expect(deps.nodes).toHaveLength(slices.length + targets.size);
    checkGeometry(deps);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let run = 0; run < 40; run++) {
      const n = 2 + rand(9);
      const nodes = Array.from({ length: n }, (_, i) => ({
        id: `s${i}`,
        label: `state${"x".repeat(rand(12))}${i}`,
      }));
      const edges = Array.from({ length: rand(3 * n) }, (_, i) => ({
        from: `s${rand(n)}`,
        to: `s${rand(n)}`,
        label: `ev${i}${"y".repeat(rand(20))}`,
      }));
      checkGeometry(layoutGraph({ nodes, edges, initial: "s0" }));
      const left = nodes.slice(0, 1 + rand(n - 1));
      const right = nodes.slice(left.length);
      checkGeometry(
        layoutColumns(
          left,
          right,
          edges.map((e) => ({
            from: left[rand(left.length)].id,
            to: right[rand(right.length)].id,
          })),
        ),
      );
    }
  });

  test("text from intent is escaped, bidi and zero-width characters shown as \\uXXXX, long labels clipped", () => {
    const evil = '</text><script>alert(1)</script>"\u202Eevil\u2066\u200B\uFEFF&';
    const m = machine(
      [
        ["s<&>\"'", false, [[evil, "t\u202E", `x == '${evil}'`]]],
        ["t\u202E", true, []],
      ],
      "s<&>\"'",
    );
    const svg = machineSvg(DOMAIN, m, new Set(["d.machines.M.states.t\u202E"]));
    expect([...tags(svg)].sort()).toEqual([
      "circle",
      "g",
      "path",
      "polygon",
      "rect",
      "svg",
      "text",
      "title",
    ]);
    expect(svg).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
    expect(svg).not.toMatch(/<script|onload|href/i);
    expect(svg).toContain('data-id="s&#60;&#38;&#62;&#34;&#39;"');
    expect(svg).toContain("t\\u202E");
    expect(svg).toContain("&#60;/text&#62;&#60;script&#62;");
    expect(svg).toMatch(/<g class="node state final changed" data-id="t\\u202E">/);
    const label = svg.match(/<text x="\d+" y="\d+"><title>([^<]*)<\/title>([^<]*)<\/text>/)!;
    expect(label[2].endsWith("…")).toBe(true); // clipped on the page, full text in the tooltip
    expect(label[1]).toContain(
      "alert(1)&#60;/script&#62;&#34;\\u202Eevil\\u2066\\u200B\\uFEFF&#38; if x == &#39;&#60;/text&#62;",
    );
    expect(clipText("abcdef", 4)).toBe("abc…");
    expect(clipText("abc", 4)).toBe("abc");
    expect(textWidth("漢字")).toBe(textWidth("abcd"));
  });

  test("visibleText shows invisible and bidi controls; visibleData walks plain data only", () => {
    expect(visibleText("a\u202Eb\u2069c\u200Dd\uFEFFe\u061Cf\u0007g\u2028h")).toBe(
      "a\\u202Eb\\u2069c\\u200Dd\\uFEFFe\\u061Cf\\u0007g\\u2028h",
    );
    expect(visibleText("tab\there\nline")).toBe("tab here line");
    expect(visibleText("plain ünïcödé 漢字 — ok")).toBe("plain ünïcödé 漢字 — ok");
    expect(xmlText(`<a href="x">'&'</a>\u202E`)).toBe(
      "&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;\\u202E",
    );
    class Safe {
      constructor(readonly s: string) {}
    }
    const safe = new Safe("\u202E");
    expect(visibleData({ a: ["\u202E", { b: "\u200B" }], n: 1, safe })).toEqual({
      a: ["\\u202E", { b: "\\u200B" }],
      n: 1,
      safe,
    });
    expect(visibleData({ safe }).safe).toBe(safe);
    const bare = Object.assign(Object.create(null) as Record<string, string>, { s: "\u2066" });
    expect(visibleData(bare)).toEqual({ s: "\\u2066" });
    expect(sweepHtml('<p title="\u202E">a\tb\nc\u200B</p>')).toBe(
      '<p title="\\u202E">a\tb\nc\\u200B</p>',
    );
  });

  test("rows in a gap are ordered to avoid crossings", () => {
    // With a above b, a's line down at 100 cuts b's row (50..300) and b's line from above at 50
    // cuts a's row (0..100); with b above a, neither happens.
    const a = { from: 0, to: 100, up: [0], down: [100] };
    const b = { from: 50, to: 300, up: [50], down: [300] };
    expect(crossings(a, b)).toBe(2);
    expect(crossings(b, a)).toBe(0);
    expect(orderRows([a, b])).toEqual([1, 0]);
    expect(orderRows([b, a])).toEqual([0, 1]);
  });
});
