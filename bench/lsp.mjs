/**
 * Language server latency (`intentc lsp --stdio`, started as an editor starts it): the time from
 * sending a one-line `didChange` to receiving the `publishDiagnostics` computed for that version
 * of the edited file, and the round trip of a completion request sent right after an edit.
 * Medians over --runs edits, after --warmup edits that are not counted (the JIT warms up).
 *
 *   node bench/lsp.mjs [--entities 1000] [--runs 30] [--warmup 5] [--debounce 0]
 *
 * Without --entities it measures the example (intent/ of this repository); with it, a corpus of
 * that size (bench/corpus.mjs, seed 1). --debounce sets the server's wait between the last edit
 * and its check (initializationOptions.debounceMs; the editor default is the server's own, 80 ms):
 * 0 measures the server's work alone. Prints one JSON line. bench/run.mjs imports lspLatency().
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import lsp from "vscode-languageserver/node";

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = lsp;
import { writeCorpus } from "./corpus.mjs";
import { median } from "./measure.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/**
 * Measure a project: `root` holds intent/, `file` (relative) is the file edited; `edit(text, i)`
 * returns the i-th edited text (one line changed). Resolves to medians in ms.
 */
export async function lspLatency({
  root,
  file,
  edit,
  completeAt,
  runs = 30,
  warmup = 5,
  debounceMs = 0,
}) {
  const child = spawn(process.execPath, [join(REPO, "bin/intentc.js"), "lsp", "--stdio"], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const conn = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const uri = pathToFileURL(join(root, file)).href;
  const waiting = new Map();
  conn.onNotification("textDocument/publishDiagnostics", (p) => {
    if (p.uri !== uri || p.version === undefined) return;
    const w = waiting.get(p.version);
    if (w) {
      waiting.delete(p.version);
      w({ at: performance.now(), count: p.diagnostics.length });
    }
  });
  conn.listen();
  const published = (version) => new Promise((done) => waiting.set(version, done));
  try {
    const rootUri = pathToFileURL(root).href;
    await conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      capabilities: {},
      workspaceFolders: [{ uri: rootUri, name: "bench" }],
      initializationOptions: { debounceMs },
    });
    await conn.sendNotification("initialized", {});
    const original = readFileSync(join(root, file), "utf8");
    let version = 1;
    const first = published(version);
    await conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "yaml", version, text: original },
    });
    const opened = await first;
    const diagnose = [];
    const complete = [];
    let errors = opened.count;
    let cpuFrom = 0;
    for (let i = 0; i < warmup + runs; i++) {
      if (i === warmup) cpuFrom = cpuMs(child.pid);
      const text = edit(original, i);
      version++;
      const done = published(version);
      const t0 = performance.now();
      await conn.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      const got = await done;
      errors = Math.max(errors, got.count);
      if (i >= warmup) diagnose.push(got.at - t0);
      // Completion right after the next edit (the index is stale: the first request rebuilds it).
      version++;
      const next = published(version);
      await conn.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ text: edit(original, i + 1) }],
      });
      const c0 = performance.now();
      const items = await conn.sendRequest("textDocument/completion", {
        textDocument: { uri },
        position: completeAt(text),
      });
      if (i >= warmup) complete.push(performance.now() - c0);
      if (!Array.isArray(items) || items.length === 0)
        throw new Error("bench/lsp: completion returned no items");
      await next;
    }
    // The server's own CPU time (less sensitive to other load than wall time): per measured
    // round of two one-line edits, their checks and one completion.
    const serverCpuMsPerRound = (cpuMs(child.pid) - cpuFrom) / runs;
    return {
      diagnosticsMs: median(diagnose),
      completionMs: median(complete),
      serverCpuMsPerRound,
      runs,
      maxDiagnostics: errors,
    };
  } finally {
    try {
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
    } catch {
      // gone already
    }
    conn.dispose();
    child.kill();
  }
}

/** User + system CPU time of a process so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/** The position just after `type: ` of the first field line `      <name>: <Type>` (type-name completion). */
function fieldTypePosition(text) {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => /^ {6}\w+: [A-Z]\w*$/.test(l));
  return { line, character: lines[line].indexOf(": ") + 2 };
}

/** The example (intent/ of this repository): edit the summary line of orders.intent.yaml. */
export async function exampleLatency(options = {}) {
  const root = mkdtempSync(join(tmpdir(), "intentc-bench-lsp-"));
  try {
    cpSync(join(REPO, "intent"), join(root, "intent"), { recursive: true });
    cpSync(join(REPO, "generated/intent.lock.json"), join(root, "generated/intent.lock.json"));
    return await lspLatency({
      root,
      file: "intent/orders.intent.yaml",
      edit: summaryEdit,
      completeAt: fieldTypePosition,
      ...options,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A corpus of `entities` entities: edit the summary line of its first domain file. */
export async function corpusLatency(entities, options = {}) {
  const root = mkdtempSync(join(tmpdir(), "intentc-bench-lsp-"));
  try {
    writeCorpus(root, { entities, seed: 1 });
    return await lspLatency({
      root,
      file: "intent/d0000.intent.yaml",
      edit: summaryEdit,
      completeAt: fieldTypePosition,
      ...options,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The one-line edit: the file's `summary:` line, different on every run. */
function summaryEdit(text, i) {
  return text.replace(/^summary: .*$/m, `summary: Edited ${i} in the language server benchmark.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : def;
  };
  const options = {
    runs: Number(arg("runs", "30")),
    warmup: Number(arg("warmup", "5")),
    debounceMs: Number(arg("debounce", "0")),
  };
  const entities = arg("entities");
  const r =
    entities === undefined
      ? await exampleLatency(options)
      : await corpusLatency(Number(entities), options);
  process.stdout.write(
    `${JSON.stringify({ project: entities === undefined ? "example" : `${entities} entities`, debounceMs: options.debounceMs, ...r })}\n`,
  );
}
