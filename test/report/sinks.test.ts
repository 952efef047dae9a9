/**
 * Issue 18, class 4: every user string is rendered for its sink by one function per sink
 * (compiler/shared/escape.ts). Hostile text — every C0 control, DEL, every C1 control,
 * U+2028/2029, the bidi overrides and isolates, zero-width characters and every Markdown/HTML
 * structure character, plus whole forged lines (`::error …`, a diagnostic header, a heading, a
 * fence, a list item, `[x](javascript:…)`, `<script>`) — goes through real compiles into each
 * sink, and each output is parsed back: it has exactly the structure the same build has with
 * plain text in those places, and it still carries the text (nothing was silently dropped).
 */
import { readFileSync } from "node:fs";
import Ajv4 from "ajv-draft-04";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostic.js";
import { compile } from "../../compiler/program.js";
import { emitProgram } from "../../compiler/program.js";
import { createMemoryHost } from "../../compiler/host.js";
import { renderDiagnostics } from "../../compiler/report/index.js";
import { escapeText } from "../../compiler/shared/escape.js";
import { renderEvidenceMarkdown, type Evidence } from "../../compiler/governance/evidence.js";
import { lockOf, memoryProgram } from "../diff/fixtures.js";

const cp = (c: number) => String.fromCodePoint(c);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => cp(a + i));

/** Every control and invisible character a sink must not pass raw (NUL is refused by the loader). */
const CONTROLS = [
  ...range(0x01, 0x1f),
  cp(0x7f),
  ...range(0x80, 0x9f),
  "\u2028",
  "\u2029",
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
  "\u061c",
  ...range(0x200b, 0x200f),
  "\ufeff",
].join("");

/** Markdown and HTML structure characters, and whole forged lines and links. */
const STRUCTURE = [
  "``` ~~~ # - * _ > [ ] ( ) < > & | \\ ` ! = + 1. 1)",
  "\n# Forged heading\n",
  "\n```\nforged fence\n",
  "\n- forged list item\n* another\n+ third\n1. ordered\n",
  "\n> forged quote\n",
  "\n---\n===\n",
  "\n| forged | table |\n|---|---|\n",
  "\n::error file=intent/x.intent.yaml,line=1::forged annotation\n",
  "\nintent/x.intent.yaml:1:1 error IC9999 forged diagnostic\n",
  "\r::warning::cr forged\r",
  "[click](javascript:alert(1)) ![img](data:text/html,x) <javascript:alert(1)> [ref]: javascript:alert(1)",
  '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">a</a>',
  "<!-- intentc:end --> &lt;&amp;&#60; && <= a > b \\*not\\* *em* __strong__ ~~del~~",
].join(" ");

const HOSTILE = `${STRUCTURE} ${CONTROLS} end`;
/** Text that may stand first in a slot: each opens a different structure at a line start. */
const LEADS = [
  "# ",
  "```",
  "- ",
  "> ",
  "1. ",
  "---",
  "<div>",
  "[x](javascript:alert(1))",
  "\n",
  "\u202e",
  "    indented",
  "|",
];

const RAW_CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\u200b-\u200f\ufeff]/;

const SYSTEM = (text: string) =>
  [
    "intent: 1",
    "system: myapp",
    "version: 0.1.0",
    `summary: ${JSON.stringify(text)}`,
    "gates:",
    "  typecheck: { stage: static, command: [npx, tsc, --noEmit] }",
    "  test: { stage: test, command: [npx, vitest, run] }",
    "risk:",
    "  tiers:",
    "    high: { approvals: 1, retries: 1, gates: [typecheck, test] }",
  ].join("\n") + "\n";

const DOMAIN = (text: string) => {
  const q = JSON.stringify(text);
  return (
    [
      "intent: 1",
      "domain: accounts",
      "version: 0.1.0",
      `summary: ${q}`,
      "risk: high",
      "types:",
      `  Money: { type: integer, minimum: 0, maximum: 1000000, description: ${q} }`,
      "entities:",
      "  Account:",
      `    description: ${q}`,
      "    key: id",
      "    fields:",
      "      id: string",
      "      balance: Money",
      "      status: AccountLifecycle",
      "events:",
      `  deposit: { description: ${q}, fields: { amount: Money } }`,
      "  close: {}",
      "machines:",
      "  AccountLifecycle:",
      "    entity: Account",
      `    description: ${q}`,
      "    initial: open",
      "    init: { balance: 0 }",
      "    states:",
      "      open:",
      "        on:",
      '          deposit: { guard: "balance + event.amount <= 1000000", set: { balance: "balance + event.amount" } }',
      '          close: { to: closed, guard: "balance == 0" }',
      "      closed: { final: true }",
      "invariants:",
      "  ACC-1:",
      `    says: ${q}`,
      '    holds: "balance >= 0"',
      "    severity: critical",
      "slices:",
      "  account-service:",
      `    says: ${q}`,
      "    implements: [AccountLifecycle]",
      '    writes: ["src/accounts/**"]',
      "    tools: [read, edit, test]",
      "    network: []",
    ].join("\n") + "\n"
  );
};

const files = (text: string) => ({
  "intent/system.intent.yaml": SYSTEM(text),
  "intent/accounts.intent.yaml": DOMAIN(text),
});

/** Emit the project with `text` in every description slot, against a lock of the plain build. */
function emitted(text: string, base: ReturnType<typeof lockOf>): Map<string, string> {
  return new Map(
    emitProgram(memoryProgram(files(text)), { previousLock: base, exploreBudget: 2000 }).files,
  );
}

// ---------------------------------------------------------------------------------------------
// Markdown parsed back: per line its block kind and its live inline structure.

/** Code spans (CommonMark: a run of n backticks to the next run of exactly n) removed, counted. */
function stripCode(line: string): [string, number] {
  let out = "";
  let spans = 0;
  let i = 0;
  while (i < line.length) {
    if (line[i] === "\\" && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let j = i + n;
    let close = -1;
    while ((j = line.indexOf(fence, j)) >= 0) {
      if (line[j - 1] !== "`" && line[j + n] !== "`") {
        close = j;
        break;
      }
      j += n;
    }
    if (close < 0) {
      out += fence;
      i += n;
    } else {
      spans++;
      out += "C";
      i = close + n;
    }
  }
  return [out, spans];
}

/** Occurrences of `re` not preceded by a backslash escape. */
function live(text: string, re: RegExp): number {
  let n = 0;
  for (const m of text.matchAll(re)) {
    let k = m.index - 1;
    let slashes = 0;
    while (k >= 0 && text[k] === "\\") {
      slashes++;
      k--;
    }
    if (slashes % 2 === 0) n++;
  }
  return n;
}

function markdownStructure(md: string): string[] {
  const out: string[] = [];
  let body = md;
  // YAML frontmatter (SKILL.md, Cursor rules) is its own sink: the same keys, one-line strings.
  const front = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (front !== null) {
    const data = parseYaml(front[1]) as Record<string, unknown>;
    out.push(`frontmatter ${Object.keys(data).join(",")} lines=${front[1].split("\n").length}`);
    for (const v of Object.values(data))
      out.push(typeof v === "string" && !/[\r\n]/.test(v) ? "one-line string" : typeof v);
    body = md.slice(front[0].length);
  }
  let fence: string | undefined;
  for (const line of body.split("\n")) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      const closes =
        f !== null && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1];
      // A fenced block's lines are literal text however many there are: one "code" entry.
      if (closes) out.push("fence-close");
      else if (out[out.length - 1] !== "code") out.push("code");
      if (closes) fence = undefined;
      continue;
    }
    if (f !== null) {
      fence = f[1];
      out.push(`fence-open ${line.trim().slice(f[1].length)}`);
      continue;
    }
    const kind =
      line.trim() === ""
        ? "blank"
        : /^ {4}/.test(line)
          ? "indented"
          : /^ {0,3}#{1,6}(\s|$)/.test(line)
            ? `heading${/^ {0,3}(#{1,6})/.exec(line)![1].length}`
            : /^ {0,3}>/.test(line)
              ? "quote"
              : /^ {0,3}([-*_])( *\1){2,} *$/.test(line) || /^ {0,3}=+ *$/.test(line)
                ? "break"
                : /^ {0,3}([-+*]|\d{1,9}[.)])(\s|$)/.test(line)
                  ? "list"
                  : "text";
    const [rest, spans] = stripCode(line);
    const counts = [
      `code=${spans}`,
      // GFM splits a table row at every unescaped `|`, inside code spans too.
      `cells=${live(/^\s*\|/.test(line) ? line : rest, /\|/g)}`,
      `brackets=${live(rest, /[[\]]/g)}`,
      `html=${live(rest, /<[A-Za-z/!?]/g)}`,
      `entities=${live(rest, /&#?[A-Za-z0-9]+;/g)}`,
      `emphasis=${live(rest, /[*~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g)}`,
    ];
    out.push(`${kind} ${counts.join(" ")}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// HTML parsed back: the sequence of tags with their attribute names, and every URL attribute.

function htmlStructure(html: string): { tags: string[]; urls: string[] } {
  const tags: string[] = [];
  const urls: string[] = [];
  for (const m of html.matchAll(/<(\/?[A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const attrs = [...m[2].matchAll(/([^\s"'=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)];
    tags.push(`${m[1].toLowerCase()}(${attrs.map((a) => a[1].toLowerCase()).join(",")})`);
    for (const a of attrs)
      if (/^(href|src|xlink:href|action|formaction)$/i.test(a[1]) && a[2])
        urls.push(a[2].replace(/^["']|["']$/g, ""));
  }
  for (const _ of html.matchAll(/<!--/g)) tags.push("comment");
  return { tags, urls };
}

/** Real compile of intent whose names and paths hold `text`: diagnostics carrying it. */
function hostileDiagnostics(text: string): {
  diags: readonly Diagnostic[];
  sources: ReadonlyMap<string, string>;
} {
  const q = JSON.stringify(text);
  const r = compile(
    createMemoryHost({
      "intent/system.intent.yaml": SYSTEM("plain"),
      "intent/accounts.intent.yaml": `intent: 1\ndomain: accounts\nversion: 0.1.0\ntypes:\n  ${q}: string\n  B: ${q}\n  C: { type: string, description: ${q} }\n`,
      // A file name may hold anything but '/' on disk; here it also holds NUL.
      [`intent/evil\u0000${text.replace(/\//g, "_")}.intent.yaml`]: `intent: 1\ndomain: ${q}\nversion: 0.1.0\n`,
    }),
    { dir: "intent" },
  );
  return { diags: r.diagnostics, sources: r.sources };
}

describe("every sink renders hostile user text without changing its structure", () => {
  const base = lockOf(memoryProgram(files("BASE")));
  const plain = emitted("PAYLOAD plain text", base);
  const mdFiles = [...plain.keys()].filter((p) => p.endsWith(".md") || p.endsWith(".mdc"));
  const htmlFiles = [...plain.keys()].filter((p) => p.endsWith(".html"));

  it("covers the agent-facing files, the knowledge files and the docs site", () => {
    for (const p of ["docs/CHANGELOG.md", "docs/SYSTEM.md", "docs/INVARIANTS.md"])
      expect(mdFiles).toContain(p);
    for (const name of ["AGENTS.md", "SKILL.md"])
      expect(
        mdFiles.some((p) => p.endsWith(`/${name}`)),
        name,
      ).toBe(true);
    expect(htmlFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(LEADS.map((l) => [JSON.stringify(l), l]))(
    "Markdown and HTML keep their structure when a slot starts with %s",
    (_, lead) => {
      const text = `${lead}PAYLOAD ${HOSTILE}`;
      const hostile = emitted(text, base);
      expect([...hostile.keys()].sort()).toEqual([...plain.keys()].sort());
      for (const p of mdFiles) {
        const out = hostile.get(p)!;
        expect(out, p).not.toMatch(RAW_CONTROL);
        expect(markdownStructure(out), p).toEqual(markdownStructure(plain.get(p)!));
        // The text is there (escaped), as often as the plain text was.
        expect(out.split("PAYLOAD").length, p).toBe(plain.get(p)!.split("PAYLOAD").length);
        // No live link to a script or data URL.
        expect(
          live(out.replace(/^---\n[\s\S]*?\n---\n/, ""), /\]\(\s*(javascript|data):/gi),
          p,
        ).toBe(0);
      }
      for (const p of htmlFiles) {
        const out = hostile.get(p)!;
        const got = htmlStructure(out);
        const want = htmlStructure(plain.get(p)!);
        // Descriptions may hold `[label](url)`, which the site renders as a link through safeUrl:
        // the one element user text may add (checked below); every other tag is the template's.
        const noLinks = (tags: string[]) =>
          tags.filter(
            (t, i) => t !== "a(href,rel)" && !(t === "/a()" && tags[i - 1] === "a(href,rel)"),
          );
        expect(noLinks(got.tags), p).toEqual(noLinks(want.tags));
        expect(want.tags.filter((t) => t === "a(href,rel)")).toEqual([]);
        // Every URL the user text brought in (the template's own `data:,` favicon aside) is safe.
        for (const u of got.urls.filter((x) => !want.urls.includes(x)))
          expect(u, p).not.toMatch(/^\s*(javascript|data|vbscript):/i);
        expect(out.split("PAYLOAD").length, p).toBe(plain.get(p)!.split("PAYLOAD").length);
      }
    },
  );

  it("CHANGELOG.md shows the real characters of a change, escaped the Markdown way", () => {
    const log = emitted("a < b && c > d <tag> [x](y)", base).get("docs/CHANGELOG.md")!;
    expect(log).toContain("a < b && c > d \\<tag> \\[x\\](y)");
    expect(log).not.toMatch(/&(lt|gt|amp);/);
  });

  const { diags, sources } = hostileDiagnostics(`PAYLOAD ${HOSTILE}`);

  it("the compile reports the hostile names, raw, in its diagnostics", () => {
    expect(diags.length).toBeGreaterThanOrEqual(3);
    expect(
      diags.filter((d) => d.message.includes("\n::error file=")).length,
    ).toBeGreaterThanOrEqual(2);
    expect(diags.some((d) => d.file.includes("\u0000") && d.file.includes("\n"))).toBe(true);
  });

  it("text: each diagnostic is exactly one header line; nothing forges another", () => {
    const out = renderDiagnostics(diags, "text", sources);
    expect(out).not.toMatch(RAW_CONTROL);
    const lines = out.split("\n");
    const headers = lines.filter((l) => /^\S.*:\d+:\d+ (error|warning|info) IC\d{4} /.test(l));
    expect(headers.length).toBe(diags.length);
    diags.forEach((d, i) =>
      expect(
        headers[i].startsWith(
          `${escapeText(d.file)}:${d.line}:${d.column} ${d.severity} ${d.code} `,
        ),
      ).toBe(true),
    );
    expect(lines.filter((l) => l.startsWith("::")).length).toBe(0);
    expect(lines.filter((l) => /^Found \d+ errors? and/.test(l)).length).toBe(1);
    // Every other line is a code-frame, hint or related line (indented) or blank.
    for (const l of lines)
      if (!headers.includes(l) && !/^Found /.test(l))
        expect(l, JSON.stringify(l)).toMatch(/^$|^[ >] /);
  });

  it("GitHub: one workflow command per diagnostic, its properties exactly file,line,col,endLine,endColumn,title", () => {
    const out = renderDiagnostics(diags, "github");
    expect(out).not.toMatch(RAW_CONTROL);
    const lines = out.replace(/\n$/, "").split("\n");
    expect(lines.length).toBe(diags.length);
    const decode = (s: string) =>
      s
        .replace(/%0A/g, "\n")
        .replace(/%0D/g, "\r")
        .replace(/%3A/g, ":")
        .replace(/%2C/g, ",")
        .replace(/%25/g, "%");
    lines.forEach((line, i) => {
      const d = diags[i];
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      // GitHub splits properties at ',' and each at its first '='.
      const props = m![2]
        .split(",")
        .map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]);
      expect(props.map(([k]) => k)).toEqual([
        "file",
        "line",
        "col",
        "endLine",
        "endColumn",
        "title",
      ]);
      expect(props.every((p) => p[0] !== "")).toBe(true);
      expect(decode(props[0][1])).toBe(escapeText(d.file));
      expect(decode(m![3])).toBe(
        escapeText(`${d.code} ${d.hint ? `${d.message} ${d.hint}` : d.message}`),
      );
    });
  });

  it("SARIF: valid JSON and a valid SARIF log holding the exact original messages and paths", () => {
    const out = renderDiagnostics(diags, "sarif");
    expect(out).not.toMatch(RAW_CONTROL);
    const log = JSON.parse(out);
    const schema = JSON.parse(
      readFileSync("node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json", "utf8"),
    );
    const validate = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false }).compile(
      schema,
    );
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results as {
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    expect(results.length).toBe(diags.length);
    results.forEach((r, i) => {
      expect(r.message.text).toBe(
        diags[i].hint ? `${diags[i].message} ${diags[i].hint}` : diags[i].message,
      );
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(diags[i].file);
    });
  });

  it("JSON: parses back to the same diagnostics", () => {
    const out = renderDiagnostics(diags, "json");
    expect(out).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(out).diagnostics).toEqual(JSON.parse(JSON.stringify(diags)));
  });
});

/** Evidence with agent-controlled text (file names, notes, a scope request, output tails) = `t`. */
function evidence(t: string): Evidence {
  const stream = { file: "agent-1.stdout.log", bytes: 10, truncated: false, tail: `${t}\n${t}` };
  return {
    format: 1,
    kind: "run",
    slice: "account-service",
    runId: "r1",
    packHash: "0123456789abcdef",
    intentVersions: { system: "0.1.0", domains: { accounts: "0.1.0" } },
    base: "aaaa",
    head: "bbbb",
    result: "rejected",
    reason: "out of scope",
    risk: { tier: "high", approvals: 1, retries: 1 },
    attempts: 1,
    sandbox: "bwrap",
    files: [
      { path: `src/accounts/${t}`, status: "added", type: "file", inScope: true },
      {
        path: `README ${t}`,
        status: "modified",
        type: "file",
        inScope: false,
        renamedFrom: `old ${t}`,
      },
    ],
    violations: [{ path: `README ${t}`, rule: "outside-scope", message: `wrote ${t}` }],
    masked: [`config/${t}.env`],
    gates: [
      {
        name: "test",
        stage: "test",
        command: ["npx", "vitest", t],
        attempt: 1,
        status: "failed",
        exitCode: 1,
        durationMs: 5,
        logSha256: "ff",
        logTail: t,
      },
    ],
    properties: [
      {
        name: "accounts.ACC-1",
        status: "failed",
        suite: "s",
        runs: 1,
        seed: 1,
        counterexample: `${t}\n${t}`,
      },
    ],
    approvals: { required: 1, recorded: [] },
    agent: { name: "claude", command: ["claude", "-p", t] },
    agentOutput: [
      { attempt: 1, exitCode: 0, timedOut: false, durationMs: 1, stdout: stream, stderr: stream },
    ],
    untrusted: { notes: `${t}\n${t}`, scopeRequest: t },
  };
}

describe("EVIDENCE.md renders what the agent left behind without changing its structure", () => {
  it.each(LEADS.map((l) => [JSON.stringify(l), l]))("with text starting %s", (_, lead) => {
    const plain = renderEvidenceMarkdown(evidence("PAYLOAD plain"));
    const hostile = renderEvidenceMarkdown(evidence(`${lead}PAYLOAD ${HOSTILE}`));
    expect(hostile).not.toMatch(RAW_CONTROL);
    expect(markdownStructure(hostile)).toEqual(markdownStructure(plain));
    expect(hostile.split("PAYLOAD").length).toBe(plain.split("PAYLOAD").length);
  });
});
