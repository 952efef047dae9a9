/**
 * A language client for tests: starts `node bin/intentc.js lsp --stdio` in a project folder and
 * talks JSON-RPC to it (vscode-languageserver's message connection), collecting every published
 * diagnostics notification. Waits are for notifications, never for time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-languageserver/node";
import type { Diagnostic, PublishDiagnosticsParams, TextEdit } from "vscode-languageserver";

export const REPO = resolve(import.meta.dirname, "../..");

/**
 * A copy of the repository's example intent (intent/) in a fresh temporary project; with
 * `withLock`, also its released lock (generated/intent.lock.json, the base of version checks).
 */
export function exampleProject(withLock = false): string {
  const dir = mkdtempSync(join(tmpdir(), "intentc-lsp-"));
  cpSync(join(REPO, "intent"), join(dir, "intent"), { recursive: true });
  if (withLock)
    cpSync(join(REPO, "generated/intent.lock.json"), join(dir, "generated/intent.lock.json"));
  return dir;
}

export interface Client {
  readonly conn: MessageConnection;
  readonly root: string;
  uri(rel: string): string;
  /** The latest diagnostics published per URI. */
  readonly published: Map<string, Diagnostic[]>;
  /** Resolves with the next publication for `uri` that `accept` accepts. */
  nextDiagnostics(
    uri: string,
    accept?: (d: Diagnostic[], version?: number) => boolean,
  ): Promise<Diagnostic[]>;
  /** Resolves with the (first) publication computed for version `version` of an open buffer, also one received already. */
  diagnosticsOf(rel: string, version: number): Promise<Diagnostic[]>;
  /** Open a buffer (version 1); resolves to the version sent. */
  open(rel: string, text: string): Promise<number>;
  /** Replace a buffer's text; resolves to the version sent. */
  change(rel: string, text: string): Promise<number>;
  /** Tell the server a buffer was saved. */
  save(rel: string): Promise<void>;
  close(): Promise<void>;
}

/** Start the server in `root` (the workspace folder) and initialize it. */
export async function startClient(root: string): Promise<Client> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO, "bin/intentc.js"), "lsp", "--stdio"],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (b) => (stderr += String(b)));
  const conn = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const published = new Map<string, Diagnostic[]>();
  const byVersion = new Map<string, Diagnostic[]>();
  const waiters: {
    uri: string;
    accept: (d: Diagnostic[], version?: number) => boolean;
    done: (d: Diagnostic[]) => void;
  }[] = [];
  conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p.diagnostics);
    if (p.version !== undefined && !byVersion.has(`${p.uri}#${p.version}`))
      byVersion.set(`${p.uri}#${p.version}`, p.diagnostics);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p.diagnostics, p.version)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(p.diagnostics);
      }
    }
  });
  conn.listen();
  const uri = (rel: string) => pathToFileURL(join(root, rel)).href;
  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: "project" }],
  });
  await conn.sendNotification("initialized", {});
  const versions = new Map<string, number>();
  return {
    conn,
    root,
    uri,
    published,
    nextDiagnostics: (u, accept = () => true) =>
      new Promise((done) => waiters.push({ uri: u, accept, done })),
    diagnosticsOf: (rel, version) =>
      new Promise((done) => {
        // A publication for that version may have arrived already (the server may answer before
        // the notification's send resolves): the first one received.
        const seen = byVersion.get(`${uri(rel)}#${version}`);
        if (seen) done(seen);
        else waiters.push({ uri: uri(rel), accept: (_, v) => v === version, done });
      }),
    async open(rel, text) {
      versions.set(rel, 1);
      await conn.sendNotification("textDocument/didOpen", {
        textDocument: { uri: uri(rel), languageId: "yaml", version: 1, text },
      });
      return 1;
    },
    async change(rel, text) {
      const v = (versions.get(rel) ?? 1) + 1;
      versions.set(rel, v);
      await conn.sendNotification("textDocument/didChange", {
        textDocument: { uri: uri(rel), version: v },
        contentChanges: [{ text }],
      });
      return v;
    },
    async save(rel) {
      await conn.sendNotification("textDocument/didSave", { textDocument: { uri: uri(rel) } });
    },
    async close() {
      try {
        await conn.sendRequest("shutdown");
        await conn.sendNotification("exit");
      } catch {
        // the server may already be gone
      }
      await new Promise<void>((done) =>
        child.exitCode !== null ? done() : child.once("exit", () => done()),
      );
      conn.dispose();
      if (stderr.includes("intentc lsp:")) throw new Error(`server logged an error:\n${stderr}`);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A text with one file's edits applied (from the last edit backwards, so ranges stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split("\n");
  for (const e of [...edits].sort(
    (a, b) =>
      b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
  )) {
    const l = lines[e.range.start.line];
    lines[e.range.start.line] =
      l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join("\n");
}
