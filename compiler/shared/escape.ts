/**
 * THE place where user text is rendered for a sink: one function per sink, and every reporter and
 * emitter calls these (no local escapers). Each makes the invisible visible instead of dropping
 * it, so a reviewer sees that something was there: C0/C1 controls (LF, CR, ESC …), DEL,
 * line/paragraph separators, bidi embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+061C)
 * and zero-width characters (U+200B–U+200F, U+2060–U+2064, U+FEFF) — the Trojan Source set.
 *
 * Sinks:
 * - terminal / plain-text line (text report, CLI messages, evidence text): {@link escapeText}
 * - GitHub workflow command (`::error file=…::msg`): {@link githubData}, {@link githubProperty}
 * - SARIF and other JSON reports: {@link jsonReport} (JSON escaping; parsing gives the exact text)
 * - Markdown (agent files, CHANGELOG, SYSTEM, evidence): {@link escapeMarkdown} for inline text,
 *   {@link markdownCode} for a code span, {@link markdownBlock} for a fenced block
 * - HTML (docs site): {@link escapeHtml} for text and attribute values, {@link safeUrl} for hrefs,
 *   {@link visibleText} for text a template escapes itself, {@link sweepHtml} for a whole page
 *   (the Handlebars templates escape `{{…}}` values themselves, after {@link visibleText})
 * - Mermaid diagrams: {@link mermaidLabel}, {@link edgeText}
 * - generated TypeScript: {@link escapeComment}, {@link escapeJsString}; generated JSON:
 *   {@link escapeJsonText}
 */

/** Every code point that can change how a line reads without being seen. */
export const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** {@link INVISIBLE} without C0 controls (JSON.stringify already escapes those inside strings). */
const INVISIBLE_NON_C0 =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** Line breaks of every kind (a one-line sink turns a run of them into one space). */
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]+/g;

const hex = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
const u4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** True when text holds anything {@link INVISIBLE} matches. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const r = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Terminal, CI log

/**
 * Terminal and plain-text sink: the text stays on one line (LF, CR, U+2028 … are shown as
 * `\u{a}` …, so it can never start a line of its own: no forged diagnostic, no `::error`), and no
 * escape sequence, bidi override or zero-width character reaches the terminal raw.
 */
export function escapeText(text: string): string {
  return text.replace(INVISIBLE, hex);
}

/** GitHub workflow-command message (after `::`): {@link escapeText}, then `%`, CR and LF encoded. */
export function githubData(text: string): string {
  return escapeText(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** GitHub workflow-command property value (`file=…`): {@link githubData} plus `:` and `,`. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// ---------------------------------------------------------------------------------------------
// JSON reports (SARIF, --format json)

/**
 * A JSON report (SARIF): `JSON.stringify` escapes quotes, backslashes and C0 controls; the
 * remaining invisible characters become `\uXXXX` too, so the file shows no raw control character
 * and parsing it gives back the exact original strings.
 */
export function jsonReport(value: unknown, indent = 2): string {
  return escapeJsonText(JSON.stringify(value, null, indent));
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Markdown characters that open inline structure wherever they stand (CommonMark + GFM): a
 * backslash escape, code, emphasis (`*`, and `_` at a word edge), link and image brackets, a
 * table cell, strikethrough, an HTML tag, comment or autolink (`<` before a letter, `/`, `!`,
 * `?`) and a character reference (`&name;`, `&#…;`). `<=`, `a > b` and `&&` stay as they are.
 */
const MD_INLINE =
  /[\\`*[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)/g;

/**
 * Markdown inline text (a description in AGENTS.md, SKILL.md, SYSTEM.md, CHANGELOG.md, a table
 * cell): one line (line breaks become a space, other invisible characters `\u{…}`), every
 * character that could open inline structure backslash-escaped (a renderer shows the real
 * character; never an entity such as `&lt;`), and a leading heading, block quote, list marker,
 * thematic break or setext underline escaped too, since the emitter may put the text at the
 * start of a line. The text therefore renders as exactly one run of literal characters: no
 * fence, heading, list item, HTML element or live link (`[x](javascript:…)` loses its brackets).
 */
export function escapeMarkdown(text: string): string {
  const line = escapeText(text.replace(LINE_BREAKS, " "))
    .trim()
    .replace(MD_INLINE, "\\$&")
    // `--` as `-\-` (renders the same): no `<!--`/`-->` for a tool that finds markers by text.
    .replace(/--/g, "-\\-");
  return line
    .replace(/^([#>])/, "\\$1")
    .replace(/^([-+=])(?=[-+=\s]|$)/, "\\$1")
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/**
 * Markdown code span for a name, path, command or rule: one line, invisible characters shown,
 * delimited by more backticks than the longest run inside (so the text cannot close it), and no
 * `<!--`/`-->` (a tool that finds the `<!-- intentc:… -->` markers by text is not fooled). In a
 * table cell (`table: true`) `|` is written `\|`, which GFM reads as a literal pipe. `pad: true`
 * always puts a space inside the fences (renderers strip it; raw text reads better).
 */
export function markdownCode(
  text: string,
  options: { readonly table?: boolean; readonly pad?: boolean } = {},
): string {
  let line = escapeText(text.replace(LINE_BREAKS, " ").trim())
    .replace(/<!--/g, "<!- -")
    .replace(/--!?>/g, "- ->");
  if (options.table) line = line.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = options.pad || line.startsWith("`") || line.endsWith("`") || line === "" ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** Markdown fenced block of plain text: each line {@link escapeText}ed, a fence the text cannot close. */
export function markdownBlock(text: string, info = "text"): string {
  const clean = text.replace(/\r\n?/g, "\n").split("\n").map(escapeText).join("\n");
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${clean.replace(/\n*$/, "")}\n${fence}`;
}

// ---------------------------------------------------------------------------------------------
// HTML (docs site)

/** The HTML sink's form of {@link INVISIBLE}. */
const INVISIBLE_HTML =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every invisible or bidi control character shown as `\uXXXX` (tab/newline → space). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE_HTML, (ch) => {
    if (ch === "\t" || ch === "\n" || ch === "\r") return " ";
    return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  });
}

/**
 * A last sweep over a whole rendered HTML page: any invisible or bidi character still present
 * (from a field a template forgot) becomes `\uXXXX`; tab, newline and CR are kept. Only for
 * HTML: in a script, `\uXXXX` inside a string literal would turn back into the character.
 */
export function sweepHtml(html: string): string {
  return html.replace(INVISIBLE_HTML, (ch) =>
    ch === "\t" || ch === "\n" || ch === "\r" ? ch : visibleText(ch),
  );
}

/** What {@link escapeHtml} rewrites: {@link INVISIBLE_HTML} or `& < > " '`. */
const HTML_REWRITE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff&<>"']/;

/** HTML/XML text or attribute value: {@link visibleText}, then `& < > " '` as numeric references. */
export function escapeHtml(text: string): string {
  // Most diagram labels and ids are plain names: one scan finds that nothing needs rewriting.
  if (!HTML_REWRITE.test(text)) return text;
  return visibleText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A user-provided URL made safe for an href (HTML) or a link target: http(s), mailto or a
 * relative URL; anything else (`javascript:`, `data:`, `vbscript:`, protocol-relative `//host`,
 * scheme hidden by controls or whitespace such as `java\tscript:`) becomes `#`. The result must
 * still be escaped for its sink ({@link escapeHtml}).
 */
export function safeUrl(url: string): string {
  const clean = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (clean.startsWith("//") || clean.startsWith("\\") || clean.startsWith("/\\")) return "#";
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(clean);
  if (scheme === null) return clean === "" || /^[^/?#]*:/.test(clean) ? "#" : clean;
  return ["http", "https", "mailto"].includes(scheme[1].toLowerCase()) ? clean : "#";
}

// ---------------------------------------------------------------------------------------------
// Mermaid (docs/diagrams/*.mmd)

/**
 * A quoted Mermaid label: letters, digits and punctuation that can neither end the quoted string
 * nor start an entity or tag (`[A-Za-z0-9 _.,:/()'!?+*=@-]`) pass through; the rest become `#code;`.
 */
export function mermaidLabel(text: string): string {
  let out = "";
  for (const ch of text.replace(/[\r\n\u2028\u2029]+/g, " ")) {
    out += /^[A-Za-z0-9 _.,:/()'!?+*=@-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  }
  return `"${out}"`;
}

/**
 * Text of a state-diagram edge label (Mermaid shows it verbatim, entity codes included): one
 * line, and only characters that cannot start a statement, comment, entity or directive.
 */
export function edgeText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[^A-Za-z0-9 _.,'=<>!&|+*\/()?-]/g, "?")
    .slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Generated code

/** Generated-comment sink: one line, no comment terminators, invisible characters shown. */
export function escapeComment(text: string): string {
  return text
    .replace(LINE_BREAKS, " ")
    .replace(/\t/g, " ")
    .replace(/\*\//g, "*\\/")
    .replace(/\/\*/g, "/\\*")
    .replace(INVISIBLE, hex)
    .trim();
}

/** JSON text sink: raw invisible characters inside JSON strings become `\uXXXX` (same value). */
export function escapeJsonText(json: string): string {
  return json.replace(INVISIBLE_NON_C0, u4);
}

/** What {@link escapeJsString} rewrites after JSON.stringify: {@link INVISIBLE_NON_C0} or `</`. */
const JS_STRING_REWRITE =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]|<\//;

/** Generated string-literal sink: JSON syntax with every invisible character as a `\uXXXX` escape. */
export function escapeJsString(text: string): string {
  const json = JSON.stringify(text);
  // Most literals are names: one scan finds that nothing needs rewriting.
  if (!JS_STRING_REWRITE.test(json)) return json;
  return json.replace(INVISIBLE_NON_C0, u4).replace(/<\//g, "<\\/");
}
