/**
 * `intentc lsp`: a language server for `*.intent.yaml` over the Language Server Protocol
 * (vscode-languageserver does the protocol). Each intent folder is a {@link Workspace}: the
 * disk with the editor's unsaved buffers laid over it, re-checked as a whole (debounced) after
 * every edit, so a fix in one file clears the errors it caused in another. This module is
 * loaded only by `intentc lsp` (cli/lsp.ts imports it on demand).
 */
import { dirname, join } from "node:path";
import lsp from "vscode-languageserver/node";
import type {
  Connection,
  InitializeParams,
  TextDocumentPositionParams,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { createNodeHost } from "../host.js";
import { Workspace, type Checked } from "./workspace.js";
import { exploreDomain } from "./explore.js";
import { hasErrors, type Diagnostic } from "../diagnostic.js";
import { buildIndex, type SymbolIndex } from "./index.js";
import { fileOfUri, toLspDiagnostic, uriOf } from "./convert.js";
import { definition, documentSymbols, references, rename, renameRange } from "./navigate.js";
import { hover } from "./hover.js";
import { complete } from "./completion.js";
import { quickFixes } from "./actions.js";

/** Milliseconds without edits after a quick check before the full check runs. */
const SETTLE_MS = 400;
/** The same after a quick check that left other files' diagnostics possibly out of date. */
const SETTLE_STALE_MS = 150;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Milliseconds between the last edit and the re-check. */
  readonly debounceMs?: number;
}

interface Folder {
  readonly ws: Workspace;
  timer?: ReturnType<typeof setTimeout>;
  /** The full check that follows a quick one once the edits pause. */
  settle?: ReturnType<typeof setTimeout>;
  /** Incremented per check started; a check whose number is not the latest publishes nothing. */
  seq: number;
  /** Host paths that have diagnostics published (to clear them when they are gone). */
  published: Set<string>;
  /** The last publication sent per host path (a check re-sends only what changed). */
  readonly sent: Map<string, string>;
  /** The latest check, and the findings of exploring on the last save (dropped on every edit). */
  last?: Checked;
  explored: readonly Diagnostic[];
  /** A check is running (its result is not yet in `last`). */
  running?: boolean;
  /** A file saved while its check was pending: explore its domain once the check is done. */
  exploreAfterCheck?: string;
  /** The index of the current texts (dropped on every edit). */
  index?: SymbolIndex;
}

/** Run the server on stdin/stdout until the client exits. */
export function startServer(options: ServerOptions = {}): Connection {
  let debounce = options.debounceMs ?? 80;
  const connection = lsp.createConnection(lsp.ProposedFeatures.all, process.stdin, process.stdout);
  const documents = new lsp.TextDocuments(TextDocument);
  const folders = new Map<string, Folder>();
  const log = (e: unknown) =>
    connection.console.error(
      `intentc lsp: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  process.on("uncaughtException", log);
  process.on("unhandledRejection", log);

  /** The folder a file belongs to: an open folder holding it, the workspace's intent/, or its own directory. */
  const folderOf = (abs: string): [Folder, string] | undefined => {
    for (const f of folders.values()) {
      const p = f.ws.pathOf(abs);
      if (p !== undefined) return [f, p];
    }
    if (!abs.endsWith(".intent.yaml")) return undefined;
    const ws = new Workspace(dirname(abs));
    const p = ws.pathOf(abs);
    if (p === undefined) return undefined;
    const f: Folder = { ws, seq: 0, published: new Set(), sent: new Map(), explored: [] };
    folders.set(join(ws.root, ws.dir), f);
    return [f, p];
  };

  const schedule = (f: Folder) => {
    f.index = undefined;
    f.explored = [];
    f.exploreAfterCheck = undefined;
    if (f.timer !== undefined) clearTimeout(f.timer);
    if (f.settle !== undefined) clearTimeout(f.settle);
    f.settle = undefined;
    f.timer = setTimeout(() => {
      f.timer = undefined;
      void recheck(f);
    }, debounce);
  };

  /** Check a folder and publish: quick after an edit to one file (then a full check when idle), else full. */
  const recheck = async (f: Folder, full = false) => {
    const seq = ++f.seq;
    try {
      // The versions of the open buffers this check reads (the check reads them synchronously).
      const versions = new Map(documents.all().map((d) => [d.uri, d.version]));
      f.running = true;
      const run = async () => (full ? undefined : await f.ws.quickCheck()) ?? (await f.ws.check());
      const checked = await run().finally(() => (f.running = false));
      if (seq !== f.seq || f.timer !== undefined) return; // an edit came in meanwhile
      f.last = checked;
      await publish(f, versions);
      if (!checked.complete) {
        f.settle = setTimeout(
          () => {
            f.settle = undefined;
            void recheck(f, true);
          },
          checked.othersStale === true ? SETTLE_STALE_MS : SETTLE_MS,
        );
      }
      const saved = f.exploreAfterCheck;
      f.exploreAfterCheck = undefined;
      if (saved !== undefined) await exploreOnSave(f, saved);
    } catch (e) {
      log(e);
    }
  };

  /** Publish the latest check and explore findings of a folder, for every file (empty lists clear). */
  const publish = async (f: Folder, versions: ReadonlyMap<string, number>) => {
    const checked = f.last;
    if (!checked) return;
    const byFile = new Map<string, ReturnType<typeof toLspDiagnostic>[]>(
      checked.paths.map((p) => [p, []]),
    );
    for (const d of [...checked.diagnostics, ...f.explored])
      byFile.get(d.file)?.push(toLspDiagnostic(f.ws, d));
    for (const p of f.published) if (!byFile.has(p)) byFile.set(p, []);
    f.published = new Set();
    for (const [p, diagnostics] of byFile) {
      if (diagnostics.length > 0) f.published.add(p);
      const uri = uriOf(f.ws, p);
      const version = versions.get(uri);
      const params = { uri, ...(version === undefined ? {} : { version }), diagnostics };
      // Only what changed: a file's diagnostics, or the version of the buffer they are for.
      const sent = JSON.stringify(params);
      if (f.sent.get(p) === sent) continue;
      f.sent.set(p, sent);
      await connection.sendDiagnostics(params);
    }
  };

  /** On save, explore the machines of the saved file's domain (when the folder checks clean). */
  const exploreOnSave = async (f: Folder, path: string) => {
    const program = f.last?.program;
    if (f.timer !== undefined || !program || hasErrors(f.last?.diagnostics ?? [])) return;
    const domain = f.last?.files.find((x) => x.path === path);
    const name = (domain?.value as { domain?: unknown } | undefined)?.domain;
    if (typeof name !== "string") return;
    const seq = f.seq;
    const versions = new Map(documents.all().map((d) => [d.uri, d.version]));
    const found = await exploreDomain(program, name, () => f.seq !== seq || f.timer !== undefined);
    if (found === undefined) return;
    f.explored = found;
    await publish(f, versions);
  };

  /** The index of a folder's current texts (built on first use after an edit). */
  const indexOf = (f: Folder): SymbolIndex => (f.index ??= buildIndex(f.ws.loaded()));

  /** Run a position request against the folder of its document (undefined when none). */
  const at = <T>(
    params: TextDocumentPositionParams,
    run: (f: Folder, path: string, line: number, column: number) => T,
  ): T | undefined => {
    try {
      const abs = fileOfUri(params.textDocument.uri);
      const found = abs === undefined ? undefined : folderOf(abs);
      if (!found) return undefined;
      return run(found[0], found[1], params.position.line + 1, params.position.character + 1);
    } catch (e) {
      log(e);
      return undefined;
    }
  };

  connection.onInitialize((params: InitializeParams) => {
    // A client may set the wait between the last edit and the re-check (0–2000 ms).
    const wanted = (params.initializationOptions as { debounceMs?: unknown } | undefined)
      ?.debounceMs;
    if (typeof wanted === "number" && Number.isInteger(wanted) && wanted >= 0 && wanted <= 2000)
      debounce = wanted;
    const roots = [
      ...(params.workspaceFolders ?? []).map((w) => fileOfUri(w.uri)),
      params.rootUri ? fileOfUri(params.rootUri) : undefined,
    ];
    for (const root of roots) {
      if (root === undefined || folders.has(join(root, "intent"))) continue;
      if (createNodeHost(root).listIntentFiles("intent").length === 0) continue;
      const ws = new Workspace(join(root, "intent"));
      folders.set(join(root, "intent"), {
        ws,
        seq: 0,
        published: new Set(),
        sent: new Map(),
        explored: [],
      });
    }
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: lsp.TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        hoverProvider: true,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: [".", ":", " ", "'"] },
        codeActionProvider: { codeActionKinds: [lsp.CodeActionKind.QuickFix] },
        documentFormattingProvider: true,
      },
      serverInfo: { name: "intentc" },
    };
  });

  connection.onInitialized(() => {
    for (const f of folders.values()) schedule(f);
  });

  documents.onDidChangeContent((e) => {
    const abs = fileOfUri(e.document.uri);
    const found = abs === undefined ? undefined : folderOf(abs);
    if (!found) return;
    found[0].ws.setBuffer(found[1], e.document.getText());
    schedule(found[0]);
  });
  documents.onDidClose((e) => {
    const abs = fileOfUri(e.document.uri);
    const found = abs === undefined ? undefined : folderOf(abs);
    if (!found) return;
    found[0].ws.setBuffer(found[1], undefined);
    schedule(found[0]);
  });
  documents.onDidSave((e) => {
    const abs = fileOfUri(e.document.uri);
    const found = abs === undefined ? undefined : folderOf(abs);
    if (!found) return;
    const [f, path] = found;
    // An edit still waiting for its check: explore when that check is done.
    if (f.timer !== undefined || f.running === true || f.last === undefined)
      f.exploreAfterCheck = path;
    else exploreOnSave(f, path).catch(log);
  });
  connection.onDidChangeWatchedFiles(() => {
    for (const f of folders.values()) schedule(f);
  });

  connection.onDefinition(
    (p) =>
      at(p, (f, path, l, c) => definition(indexOf(f), path, l, c, (x) => uriOf(f.ws, x))) ?? null,
  );
  connection.onReferences(
    (p) =>
      at(p, (f, path, l, c) =>
        references(indexOf(f), path, l, c, p.context.includeDeclaration, (x) => uriOf(f.ws, x)),
      ) ?? [],
  );
  connection.onPrepareRename(
    (p) => at(p, (f, path, l, c) => renameRange(indexOf(f), path, l, c)) ?? null,
  );
  connection.onRenameRequest((p) => {
    const r = at(p, (f, path, l, c) =>
      rename(indexOf(f), path, l, c, p.newName, (x) => uriOf(f.ws, x), f.ws.previousLock()),
    );
    if (typeof r === "string") throw new lsp.ResponseError(lsp.ErrorCodes.InvalidParams, r);
    if (r?.note !== undefined)
      void connection.sendNotification(lsp.ShowMessageNotification.type, {
        type: lsp.MessageType.Warning,
        message: r.note,
      });
    return r?.edit ?? null;
  });
  connection.onHover(
    (p) => at(p, (f, path, l, c) => hover(indexOf(f), f.ws.text(path) ?? "", path, l, c)) ?? null,
  );
  connection.onCompletion(
    (p) => at(p, (f, path, l, c) => complete(indexOf(f), f.ws.text(path) ?? "", path, l, c)) ?? [],
  );
  connection.onDocumentSymbol((p) => {
    const abs = fileOfUri(p.textDocument.uri);
    const found = abs === undefined ? undefined : folderOf(abs);
    return found ? documentSymbols(indexOf(found[0]), found[1]) : [];
  });
  connection.onCodeAction((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? quickFixes(p.textDocument.uri, doc.getText(), p.context.diagnostics) : [];
  });

  // Formatting (`intentc fmt`): one edit replacing the whole buffer; none when the buffer does not
  // load (its diagnostics are already published) or is formatted already.
  connection.onDocumentFormatting(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    const abs = fileOfUri(p.textDocument.uri);
    if (!doc || abs === undefined) return [];
    try {
      const { formatIntent } = await import("../fmt/format.js");
      const r = formatIntent(abs, doc.getText());
      if (!r.ok || !r.changed) return [];
      return [
        {
          range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) },
          newText: r.text,
        },
      ];
    } catch (e) {
      log(e);
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
