/**
 * Emitter: docs/sequences/<domain>.<flow>.svg and .txt — a sequence diagram of each flow: one
 * lifeline per participant (instances in one lifeline), the environment on the left, one row per
 * event; a triggered event is drawn from its trigger's participant in the same row group, marked
 * as one atomic step. Text from intent is escaped (docs-site/visible.ts).
 */
import { eventKey } from "../ir/event-key.js";
import { flowParticipants, handlersOf, type Participant } from "../ir/flows.js";
import type { Flow, Program, Ref } from "../ir/types.js";
import { visibleText, xmlText } from "./docs-site/visible.js";
import { withHeader } from "./code.js";
import { defineEmitter } from "./emitter.js";

/** One arrow of the diagram. */
interface Arrow {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  /** Triggered in the same atomic step as the arrow before it. */
  readonly triggered: boolean;
  /** Step number (1-based). */
  readonly step: number;
}

function arrowsOf(flow: Flow, participants: readonly Participant[]): Arrow[] {
  const col = (p: Participant) => 1 + participants.indexOf(p);
  const out: Arrow[] = [];
  const text = (r: Ref) => eventKey("", r);
  flow.steps.forEach((s, i) => {
    const sources = handlersOf(participants, s.event);
    for (const p of sources)
      out.push({ from: 0, to: col(p), label: text(s.event), triggered: false, step: i + 1 });
    if (s.triggers === undefined) return;
    const mapping =
      s.with === undefined
        ? ""
        : ` { ${s.with.map((a) => `${a.field}: ${a.expr.source}`).join(", ")} }`;
    for (const from of sources.length > 0 ? sources : [undefined]) {
      for (const p of handlersOf(participants, s.triggers)) {
        out.push({
          from: from === undefined ? 0 : col(from),
          to: col(p),
          label: text(s.triggers) + mapping + (s.to === undefined ? "" : ` to ${s.to.source}`),
          triggered: true,
          step: i + 1,
        });
      }
    }
  });
  return out;
}

const lifelineName = (p: Participant) => (p.instances > 1 ? `${p.name} ×${p.instances}` : p.name);

/** The text diagram of a flow (`participants`: the flow's, when the caller has them already). */
export function flowSequenceText(
  program: Program,
  flow: Flow,
  participants: readonly Participant[] = flowParticipants(program, flow),
): string {
  const names = ["environment", ...participants.map(lifelineName)];
  const lines = [
    `Flow ${flow.domain}.${flow.name}${flow.value ? ` (value: ${flow.value.domain}.${flow.value.name})` : ""}: ${flow.says}`,
    `Participants: ${participants.map((p) => `${lifelineName(p)} = ${p.machine.domain}.${p.machine.name}`).join(", ") || "none"}`,
    "",
  ];
  const arrows = arrowsOf(flow, participants);
  const width = Math.max(...arrows.map((a) => `${names[a.from]} → ${names[a.to]}`.length), 0) + 2;
  let last = 0;
  for (const a of arrows) {
    const who = a.triggered
      ? `${names[a.from]} ⇒ ${names[a.to]}`
      : `${names[a.from]} → ${names[a.to]}`;
    const num = a.step !== last ? `${a.step}.`.padEnd(4) : "    ";
    last = a.step;
    lines.push(`${num}${who.padEnd(width)}${a.label}${a.triggered ? "   (same atomic step)" : ""}`);
  }
  if (flow.holders !== undefined)
    lines.push("", `Conserved: ${flow.holders.map((h) => `(${h.source})`).join(" + ")}`);
  for (const inv of flow.invariants ?? []) lines.push(`${inv.name}: ${inv.says}`);
  return lines.map(visibleText).join("\n") + "\n";
}

const COL = 170;
const ROW = 34;
const TOP = 56;
const INK = "#333";
const TRIGGER = "#a33";

/** A filled arrow head ending at (x, y), pointing left or right (no marker: no id on the page). */
function head(x: number, y: number, right: boolean, fill: string): string {
  const b = right ? x - 8 : x + 8;
  return `<polygon points="${b},${y - 4} ${b},${y + 4} ${x},${y}" fill="${fill}" stroke="none"/>`;
}

/**
 * The SVG diagram of a flow. Self-contained and safe to inline in a page next to other diagrams
 * (the docs site shows it on the flow's domain page): no ids, no `<style>`, no scripts or links;
 * colours and fonts are presentation attributes, classes only from code.
 */
export function flowSequenceSvg(
  program: Program,
  flow: Flow,
  participants: readonly Participant[] = flowParticipants(program, flow),
): string {
  const names = ["environment", ...participants.map(lifelineName)];
  const arrows = arrowsOf(flow, participants);
  const width = COL * names.length;
  const height = TOP + ROW * (arrows.length + 1);
  const x = (i: number) => COL / 2 + i * COL;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram diagram-sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xmlText(`Sequence of flow ${flow.domain}.${flow.name}`)}" font-family="sans-serif" font-size="12">`,
  );
  names.forEach((n, i) => {
    out.push(
      `<g class="lifeline"><rect x="${x(i) - 70}" y="8" width="140" height="26" rx="4" fill="#eef" stroke="#99b"/>`,
    );
    out.push(
      `<text x="${x(i)}" y="26" text-anchor="middle" font-weight="bold" fill="#222">${xmlText(n)}</text>`,
    );
    out.push(
      `<line x1="${x(i)}" y1="34" x2="${x(i)}" y2="${height - 6}" stroke="#999" stroke-dasharray="4 3"/></g>`,
    );
  });
  arrows.forEach((a, k) => {
    const y = TOP + ROW * k + 10;
    const [x1, x2] = [x(a.from), x(a.to)];
    const ink = a.triggered ? TRIGGER : INK;
    const stroke = `stroke="${ink}"${a.triggered ? ` stroke-dasharray="5 3"` : ""} fill="none"`;
    out.push(`<g class="${a.triggered ? "message triggered" : "message"}">`);
    if (a.from === a.to) {
      out.push(
        `<path d="M${x1},${y - 8} h28 v14 h-26" ${stroke}/>${head(x1 + 2, y + 6, false, ink)}`,
      );
    } else
      out.push(
        `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" ${stroke}/>${head(x2, y, x2 > x1, ink)}`,
      );
    const label = `${a.triggered ? "" : `${a.step}. `}${a.label}`;
    out.push(
      `<text x="${Math.min(x1, x2) + 6}" y="${y - 5}" fill="#222">${xmlText(label)}</text></g>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

export const flowSequenceEmitter = defineEmitter({
  name: "flow-sequence",
  description: "docs/sequences/<domain>.<flow>.svg and .txt (sequence diagram of each flow)",
  emit(program) {
    const files = new Map<string, string>();
    for (const d of program.domains) {
      for (const f of d.flows) {
        const participants = flowParticipants(program, f);
        files.set(
          `docs/sequences/${d.name}.${f.name}.svg`,
          withHeader(flowSequenceSvg(program, f, participants), "html"),
        );
        files.set(
          `docs/sequences/${d.name}.${f.name}.txt`,
          withHeader(flowSequenceText(program, f, participants), "sh"),
        );
      }
    }
    return files;
  },
});
