/**
 * The review app's pages. Every value is escaped where it is put into HTML (`esc`), there is no
 * script at all (the CSP forbids any), and what the agent wrote sits in sections marked UNTRUSTED.
 * The evidence is shown in the order a reviewer needs it: verdict, the behaviour that changed,
 * gates, invariants exercised, scope violations, the agent's notes, the patch last.
 */
import { escapeHtml } from "../shared/escape.js";
import type { Session } from "./auth.js";
import { patchSections, type RunDetail, type RunSummary } from "./runs.js";

/** Escape text for HTML element content and quoted attribute values: the HTML sink's one escaper. */
export function esc(text: unknown): string {
  return escapeHtml(String(text));
}

/** The stylesheet (served from /app.css: the CSP allows styles only from the app itself). */
export const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f4}
header{background:#23313f;color:#fff;padding:.6em 1.2em;display:flex;gap:1em;align-items:center}
header a{color:#fff}header form{margin-left:auto}main{padding:1em 1.4em;max-width:70em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
.untrusted{border:2px dashed #b3261e;background:#fff6f5;padding:.5em}.untrusted h3{color:#b3261e;margin:.2em 0}
pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #ddd;padding:.5em;max-height:40em;overflow:auto}
.status{font-weight:bold}.passed{color:#1b6e20}.failed,.rejected{color:#b3261e}.msg{background:#fff3c4;padding:.5em;border:1px solid #e0c050}
.err{background:#fde2e1;padding:.5em;border:1px solid #b3261e}form.inline{display:inline}textarea{width:30em;height:4em}`;

/** A whole page. */
export function page(title: string, body: string, session?: Session): string {
  const who = session
    ? `<span>signed in as <b>${esc(session.name)}</b></span><form method="post" action="/logout"><input type="hidden" name="csrf" value="${esc(session.csrf)}"><button type="submit">Sign out</button></form>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><link rel="stylesheet" href="/app.css"></head><body><header><a href="/">intentc review</a>${who}</header><main>${body}</main></body></html>`;
}

/** The sign-in form. */
export function loginPage(message?: string): string {
  return page(
    "Sign in",
    `<h1>Sign in</h1>${message ? `<p class="err" id="error">${esc(message)}</p>` : ""}<form method="post" action="/login"><label>Reviewer token <input type="password" name="token" autocomplete="off"></label> <button type="submit" id="signin">Sign in</button></form>`,
  );
}

/** The list of runs: awaiting review first (newest first), then the rest. */
export function listPage(runs: readonly RunSummary[], session: Session, message?: string): string {
  const row = (r: RunSummary) =>
    `<tr><td><a href="/runs/${encodeURIComponent(r.runId)}" class="run">${esc(r.runId)}</a></td><td>${esc(r.slice)}</td><td class="status ${esc(r.status.replace(/ /g, "-"))}">${esc(r.status)}</td><td>${r.review.approvals.length}/${r.review.required}</td><td>${esc(r.agentName)}</td></tr>`;
  const head = "<tr><th>run</th><th>slice</th><th>status</th><th>approvals</th><th>agent</th></tr>";
  const waiting = runs.filter((r) => r.status === "awaiting review" || r.status === "approved");
  const rest = runs.filter((r) => !waiting.includes(r));
  return page(
    "Runs awaiting review",
    `${message ? `<p class="msg">${esc(message)}</p>` : ""}<h1>Awaiting review</h1>${waiting.length === 0 ? "<p>Nothing waits for review.</p>" : `<table id="waiting">${head}${waiting.map(row).join("")}</table>`}<h2>Other runs</h2><table id="others">${head}${rest.map(row).join("")}</table>`,
    session,
  );
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0
    ? `<p>${esc(empty)}</p>`
    : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

/** One run's evidence and the actions the reviewer may take. */
export function runPage(
  d: RunDetail,
  session: Session,
  canApprove: string | undefined,
  message?: string,
  error?: string,
): string {
  const e = d.evidence;
  const hidden = `<input type="hidden" name="csrf" value="${esc(session.csrf)}">`;
  const base = `/runs/${encodeURIComponent(d.runId)}`;
  const open = d.status === "awaiting review" || d.status === "approved";
  const actions: string[] = [];
  if (open && canApprove === undefined)
    actions.push(
      `<form class="inline" method="post" action="${base}/approve">${hidden}<button type="submit" id="approve">Approve</button></form>`,
    );
  if (open && canApprove !== undefined) actions.push(`<p>${esc(canApprove)}</p>`);
  if (d.status === "approved")
    actions.push(
      `<form class="inline" method="post" action="${base}/promote">${hidden}<button type="submit" id="promote">Promote</button></form>`,
    );
  if (open)
    actions.push(
      `<form method="post" action="${base}/reject">${hidden}<label>Reason <textarea name="reason" id="reason" required></textarea></label> <button type="submit" id="reject">Reject</button></form>`,
    );
  const intentChanges = patchSections(d.patch).filter((s) => s.path.startsWith("intent/"));
  const pack = d.pack;
  const behaviour = [
    `<p>Slice <b>${esc(d.slice)}</b>${pack ? ` — ${esc(pack.says)}` : ""}</p>`,
    `<h3>Contracts it implements</h3>${list((pack?.implements ?? []).map(esc), "Unknown (no pack at the base commit).")}`,
    `<h3>Contracts and machines in its pack</h3>${list((pack?.contracts ?? []).map(esc), "None.")}`,
    `<h3>Invariants it must keep</h3>${list((pack?.invariants ?? []).map(esc), "None declared.")}`,
    `<h3>Intent diff</h3>${intentChanges.length === 0 ? "<p>The change does not touch intent/.</p>" : intentChanges.map((s) => `<pre>${esc(s.text)}</pre>`).join("")}`,
    `<h3>Files changed</h3>${list(
      e.files.map(
        (f) =>
          `${f.inScope ? "in scope" : "<b>OUT OF SCOPE</b>"} · ${esc(f.status)} · <code class="path">${esc(f.path)}</code>`,
      ),
      "No files changed.",
    )}`,
  ].join("");
  const gates = `<table id="gates"><tr><th>attempt</th><th>gate</th><th>stage</th><th>command</th><th>status</th><th>exit</th><th>ms</th></tr>${e.gates
    .map(
      (g) =>
        `<tr><td>${g.attempt}</td><td>${esc(g.name)}</td><td>${esc(g.stage)}</td><td><code>${esc(g.command.join(" "))}</code></td><td>${esc(g.status)}</td><td>${esc(g.exitCode ?? "—")}</td><td>${esc(g.durationMs)}</td></tr>`,
    )
    .join("")}</table>`;
  const props = list(
    e.properties.map(
      (p) =>
        `${esc(p.name)}: ${esc(p.status)}${p.counterexample ? ` — counterexample <code>${esc(p.counterexample)}</code>` : ""}`,
    ),
    "None declared for this slice.",
  );
  const violations = list(
    e.violations.map((v) => `<b>${esc(v.rule)}</b> <code>${esc(v.path)}</code>: ${esc(v.message)}`),
    "None.",
  );
  const rev = d.review;
  const reviewText = `${rev.approvals.length} of ${rev.required} approval(s)${rev.approvals.length ? `: ${rev.approvals.map(esc).join(", ")}` : ""}${rev.rejected ? `. Rejected by ${esc(rev.rejected.by)}: <span id="rejection">${esc(rev.rejected.reason)}</span>` : ""}${rev.promoted ? `. Promoted: branch <code id="branch">${esc(rev.promoted.branch)}</code> at ${esc(rev.promoted.commit)}` : ""}`;
  const body = `${message ? `<p class="msg" id="message">${esc(message)}</p>` : ""}${error ? `<p class="err" id="error">${esc(error)}</p>` : ""}
<h1>Run ${esc(d.runId)}</h1>
<h2>Verdict</h2><p class="status ${esc(e.result)}" id="verdict">${esc(e.result.toUpperCase())}</p><p>${esc(e.reason)}</p>
<table><tr><th>risk tier</th><td>${esc(e.risk.tier)} (retries ${esc(e.risk.retries)}, approvals ${esc(e.risk.approvals)})</td></tr><tr><th>attempts</th><td>${esc(e.attempts)}</td></tr><tr><th>sandbox</th><td>${e.sandbox === "bwrap" ? "bubblewrap" : "<b>none (unsafe)</b>"}</td></tr><tr><th>agent</th><td>${esc(d.agentName)}</td></tr><tr><th>base..head</th><td><code>${esc(e.base)}..${esc(e.head)}</code></td></tr><tr><th>review</th><td id="review">${reviewText}</td></tr></table>
<div id="actions">${actions.join("")}</div>
<h2>Behaviour that changed</h2>${behaviour}
<h2>Gates</h2>${gates}
<h2>Invariants exercised</h2>${props}
<h2>Scope violations</h2>${violations}
<h2>Agent output</h2><div class="untrusted" id="notes"><h3>Agent notes — UNTRUSTED (written by the agent, not verified)</h3>${e.untrusted.notes !== undefined ? `<pre>${esc(e.untrusted.notes)}</pre>` : "<p>None.</p>"}
<h3>Scope request — UNTRUSTED (surfaced, never applied)</h3>${e.untrusted.scopeRequest !== undefined ? `<pre>${esc(e.untrusted.scopeRequest)}</pre>` : "<p>None.</p>"}</div>
<h2>Patch</h2><pre id="patch">${esc(d.patch.length > 512 << 10 ? `${d.patch.slice(0, 512 << 10)}\n… (truncated)` : d.patch)}</pre>`;
  return page(`Run ${d.runId}`, body, session);
}
