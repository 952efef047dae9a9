/**
 * The server's view of one intent folder: the files on disk with the editor's unsaved buffers laid
 * over them, checked as `intentc check --no-explore` checks them (front end, then the version
 * checks against the previous lock). Paths are host paths: relative to `root`, POSIX.
 */
import { dirname, basename, join, relative, resolve, sep } from "node:path";
import { createNodeHost, toPosix, type CompilerHost } from "../host.js";
import { readPreviousLock } from "../host/lock.js";
import type { LoadedFile } from "../load/yaml.js";
import type { LockFile } from "../diff/lock-file.js";
import { IncrementalChecker, type Checked } from "./incremental.js";

export type { Checked };

/** An intent folder on disk, with open buffers overlaid. */
export class Workspace {
  /** Absolute path of the project root (the folder holding the intent folder). */
  readonly root: string;
  /** The intent folder, relative to root (e.g. "intent"). */
  readonly dir: string;
  private readonly disk: CompilerHost;
  private readonly overlay = new Map<string, string>();
  private readonly checker: IncrementalChecker;

  constructor(
    intentDirAbs: string,
    readonly out = "generated",
  ) {
    const abs = resolve(intentDirAbs);
    this.root = dirname(abs);
    this.dir = basename(abs);
    this.disk = createNodeHost(this.root);
    this.checker = new IncrementalChecker(this.dir, () => this.previousLock());
  }

  /** The host path of an absolute file path, or undefined when it is outside the intent folder. */
  pathOf(abs: string): string | undefined {
    const rel = toPosix(relative(this.root, resolve(abs)));
    return rel.startsWith(`${this.dir}/`) && rel.endsWith(".intent.yaml") ? rel : undefined;
  }

  /** The absolute path of a host path. */
  absOf(path: string): string {
    return join(this.root, ...path.split("/"))
      .split("/")
      .join(sep);
  }

  /** Lay a buffer over the disk (open or changed), or remove it (closed: the disk wins again). */
  setBuffer(path: string, text: string | undefined): void {
    if (text === undefined) this.overlay.delete(path);
    else this.overlay.set(path, text);
  }

  /** The current text of a file (buffer, else disk). */
  text(path: string): string | undefined {
    return this.overlay.get(path) ?? this.disk.readFile(path);
  }

  /** The host the compiler reads: disk files plus open buffers (including unsaved new files). */
  host(): CompilerHost {
    const { disk, overlay, dir } = this;
    return {
      listIntentFiles(d) {
        const all = new Set(disk.listIntentFiles(d));
        if (d === dir) for (const p of overlay.keys()) all.add(p);
        return [...all].sort();
      },
      listSkipped: (d) => disk.listSkipped?.(d) ?? [],
      readFile: (p) => overlay.get(p) ?? disk.readFile(p),
      fileSize: (p) =>
        overlay.has(p) ? Buffer.byteLength(overlay.get(p) as string, "utf8") : disk.fileSize(p),
    };
  }

  /** Check the folder as `intentc check --no-explore` would, on the buffers. */
  check(): Promise<Checked> {
    return this.checker.full(this.host());
  }

  /** The previous build's lock (the released contract), or undefined. */
  previousLock(): LockFile | undefined {
    return readPreviousLock(resolve(this.root, this.out));
  }

  /** Every file as loaded from its current text (only changed files are parsed again). */
  loaded(): LoadedFile[] {
    return this.checker.loaded(this.host());
  }

  /** After an edit to one file: re-check only what it can affect (undefined: run {@link check}). */
  quickCheck(): Promise<Checked | undefined> {
    return this.checker.quick(this.host());
  }
}
