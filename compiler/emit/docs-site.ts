/**
 * Emitter: docs/site/ — a static HTML site from Handlebars templates: overview, a page per
 * domain, invariants, slices, change log, and a search index. It works opened from file:// and
 * from any static file server: diagrams are pre-rendered inline SVG (docs-site/diagrams.ts) and
 * the search index is a script (search-index.js), never fetched. All user text is escaped, with
 * invisible and bidi control characters shown as `\uXXXX` (docs-site/visible.ts); links in
 * descriptions (`[label](url)`) keep only http, https, mailto and relative URLs.
 */
import Handlebars from "../vendor/handlebars.js";
import { defineEmitter } from "./emitter.js";
import { stableJson, withHeader } from "./code.js";
import type { Domain, Field, Program } from "../ir/types.js";
import { currentEntry, type ChangelogEntry } from "../diff/changelog.js";
import { typeText } from "../diff/diff-types.js";
import { changedPaths, invariantMark } from "./knowledge.js";
import { dependencySvg, flowSvg, machineSvg } from "./docs-site/diagrams.js";
import { flowSequenceSvg } from "./flow-sequence.js";
import { flowEvents } from "../ir/flows.js";
import { sweepHtml, visibleData } from "./docs-site/visible.js";
import { safeUrl } from "../shared/escape.js";
import {
  CHANGELOG,
  CSP,
  DOMAIN,
  INDEX,
  INVARIANT_TABLE,
  INVARIANTS,
  LAYOUT,
  SLICES,
} from "./docs-site/templates.js";
import { SEARCH_GLOBAL, SEARCH_JS, SITE_CSS } from "./docs-site/assets.js";

export { safeUrl };

/** Escaped text with `[label](url)` turned into links through {@link safeUrl}. */
export function richText(text: unknown): Handlebars.SafeString {
  const s = typeof text === "string" ? text : "";
  const esc = Handlebars.Utils.escapeExpression;
  let out = "";
  let last = 0;
  for (const m of s.matchAll(/\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)/g)) {
    out += esc(s.slice(last, m.index));
    out += `<a href="${esc(safeUrl(m[2]))}" rel="noopener noreferrer nofollow">${esc(m[1])}</a>`;
    last = m.index + m[0].length;
  }
  return new Handlebars.SafeString(out + esc(s.slice(last)));
}

function engine(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("rich", (t: unknown) => richText(t));
  hb.registerPartial("invariantTable", INVARIANT_TABLE);
  return hb;
}

const pageOf = (d: string) => `domain-${d}.html`;
/** A flow's sequence diagram files (docs/sequences/, emitted by flow-sequence.ts), from docs/site/. */
export const sequenceFile = (domain: string, flow: string) => `../sequences/${domain}.${flow}`;
const fieldRows = (fields: readonly Field[], key?: string) =>
  fields.map((f) => ({
    name: f.name,
    type: typeText(f.type),
    optional: f.optional,
    description: f.description,
    key: f.name === key,
  }));

function invariantRows(d: Domain, entry: ChangelogEntry | undefined) {
  return d.invariants.map((inv) => ({
    id: inv.name,
    anchor: `inv-${inv.name}`,
    entity: inv.entity.name,
    severity: inv.severity,
    says: inv.says,
    holds: inv.when ? `when ${inv.when.source}: ${inv.holds.source}` : inv.holds.source,
    mark: invariantMark(entry, d.name, inv.name),
  }));
}

/** Render every page of the site; keys are paths under docs/site/. */
export function renderSite(
  program: Program,
  history: readonly ChangelogEntry[],
): Map<string, string> {
  const hb = engine();
  const layout = hb.compile(LAYOUT, { strict: false });
  const changed = changedPaths(program, history);
  const nav = program.domains.map((d) => ({ name: d.name, href: pageOf(d.name) }));
  const systemName = program.system.name || "intent";
  const out = new Map<string, string>();
  // Compile each template once: the domain template renders one page per domain.
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const page = (file: string, title: string, template: string, data: object) => {
    let render = compiled.get(template);
    if (render === undefined) {
      render = hb.compile(template, { strict: false });
      compiled.set(template, render);
    }
    const body = render(visibleData(data));
    const frame = visibleData({ csp: CSP, title, systemName, page: file, domains: nav });
    out.set(
      file,
      withHeader(sweepHtml(layout({ ...frame, body: new hb.SafeString(body) })), "html"),
    );
  };
  page("index.html", "System overview", INDEX, {
    summary: program.system.summary,
    dependencies: new hb.SafeString(dependencySvg(program)),
    domains: program.domains.map((d) => ({
      name: d.name,
      href: pageOf(d.name),
      version: d.version,
      summary: d.summary,
      entities: d.entities.length,
      machines: d.machines.length,
      invariants: d.invariants.length,
      slices: d.slices.length,
    })),
  });
  for (const d of program.domains) {
    const ch = changed.get(d.name) ?? new Set<string>();
    page(pageOf(d.name), `Domain ${d.name}`, DOMAIN, {
      version: d.version,
      owners: d.owners.join(", "),
      summary: d.summary,
      types: d.types.map((t) => ({
        name: t.name,
        anchor: `type-${t.name}`,
        definition: typeText(t.type),
        description: t.description,
      })),
      entities: d.entities.map((e) => ({
        name: e.name,
        anchor: `entity-${e.name}`,
        description: e.description,
        fields: fieldRows(e.fields, e.key),
        changed: [...ch].some((p) => p.startsWith(`${d.name}.entities.${e.name}`)),
      })),
      machines: d.machines.map((m) => ({
        name: m.name,
        anchor: `machine-${m.name}`,
        description: m.description,
        diagram: new hb.SafeString(machineSvg(d, m, ch)),
      })),
      flows: d.flows.map((f) => ({
        name: f.name,
        anchor: `flow-${f.name}`,
        says: f.says,
        diagram: new hb.SafeString(flowSvg(d, f, ch)),
        // The same SVG as docs/sequences/<domain>.<flow>.svg (inline-safe: no ids, no style).
        sequence: new hb.SafeString(flowSequenceSvg(program, f)),
        files: sequenceFile(d.name, f.name),
      })),
      invariants: invariantRows(d, currentEntry(history, d.name, d.version)),
      apis: d.apis.map((a) => ({
        name: a.name,
        anchor: `api-${a.name}`,
        description: a.description,
        operations: a.operations.map((op) => ({
          name: op.name,
          input: `{ ${fieldRows(op.input)
            .map((f) => `${f.name}${f.optional ? "?" : ""}: ${f.type}`)
            .join(", ")} }`,
          output: op.output ? typeText(op.output) : "void",
          errors: op.errors.join(", "),
        })),
      })),
    });
  }
  page("invariants.html", "Invariants", INVARIANTS, {
    domains: program.domains.map((d) => ({
      name: d.name,
      version: d.version,
      invariants: invariantRows(d, currentEntry(history, d.name, d.version)),
    })),
  });
  const list = (ts: readonly { ref: { domain: string; name: string } }[]) =>
    ts.map((t) => `${t.ref.domain}.${t.ref.name}`).join(", ");
  page("slices.html", "Slices", SLICES, {
    slices: program.domains.flatMap((d) =>
      d.slices.map((s) => ({
        domain: d.name,
        name: s.name,
        anchor: `slice-${d.name}-${s.name}`,
        says: s.says,
        risk: s.risk,
        implements: list(s.implements),
        uses: list(s.uses),
        writes: s.writes.join(", "),
        reads: s.reads.join(", "),
      })),
    ),
  });
  page("changelog.html", "Change log", CHANGELOG, { entries: history });
  out.set("assets/site.css", withHeader(SITE_CSS, "css"));
  out.set("assets/search.js", withHeader(SEARCH_JS, "ts"));
  out.set(
    "search-index.js",
    withHeader(
      `window.${SEARCH_GLOBAL} = ${stableJson(visibleData({ items: searchItems(program) })).trimEnd()};\n`,
      "ts",
    ),
  );
  return out;
}

function searchItems(
  program: Program,
): { kind: string; id: string; title: string; text: string; href: string }[] {
  const items: { kind: string; id: string; title: string; text: string; href: string }[] = [];
  for (const d of program.domains) {
    for (const inv of d.invariants)
      items.push({
        kind: "invariant",
        id: inv.name,
        title: inv.says,
        text: `${d.name} ${inv.holds.source}`,
        href: `${pageOf(d.name)}#inv-${inv.name}`,
      });
    for (const e of d.entities)
      items.push({
        kind: "entity",
        id: `${d.name}.${e.name}`,
        title: e.description ?? e.name,
        text: e.fields.map((f) => f.name).join(" "),
        href: `${pageOf(d.name)}#entity-${e.name}`,
      });
    for (const m of d.machines)
      items.push({
        kind: "machine",
        id: `${d.name}.${m.name}`,
        title: m.description ?? m.name,
        text: m.states.map((s) => s.name).join(" "),
        href: `${pageOf(d.name)}#machine-${m.name}`,
      });
    for (const f of d.flows)
      items.push({
        kind: "flow",
        id: `${d.name}.${f.name}`,
        title: f.says,
        text: flowEvents(f)
          .map((e) => `${e.domain}.${e.name}`)
          .join(" "),
        href: `${pageOf(d.name)}#flow-${f.name}`,
      });
    for (const s of d.slices)
      items.push({
        kind: "slice",
        id: `${d.name}/${s.name}`,
        title: s.says,
        text: s.risk,
        href: `slices.html#slice-${d.name}-${s.name}`,
      });
  }
  return items;
}

/** The docs-site emitter (docs/site/). */
export const docsSiteEmitter = defineEmitter({
  name: "docs-site",
  description:
    "docs/site/: static HTML docs (overview, domains, diagrams, invariants, slices, change log, search)",
  emit(program, ctx) {
    const history = ctx.analysis.changelog;
    return new Map([...renderSite(program, history)].map(([p, t]) => [`docs/site/${p}`, t]));
  },
});
