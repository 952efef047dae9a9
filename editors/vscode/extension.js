// The intentc extension: starts `intentc lsp --stdio` for *.intent.yaml files and connects
// VS Code to it with vscode-languageclient. All features come from the server.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

/** The command that starts intentc: the setting, the workspace's local install, or PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration("intentc").get("server.command");
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(
      folder.uri.fsPath,
      "node_modules",
      ".bin",
      process.platform === "win32" ? "intentc.cmd" : "intentc",
    );
    if (existsSync(local)) return local;
  }
  return "intentc";
}

function activate(context) {
  const command = serverCommand();
  const run = {
    command,
    args: ["lsp", "--stdio"],
    transport: TransportKind.stdio,
    options: { shell: process.platform === "win32" },
  };
  client = new LanguageClient(
    "intentc",
    "intentc",
    { run, debug: run },
    {
      documentSelector: [{ scheme: "file", pattern: "**/*.intent.yaml" }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.intent.yaml") },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
