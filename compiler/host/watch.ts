/**
 * Watching the intent directory for `build --watch`. Node 20's recursive `fs.watch` on Linux
 * stops reporting a file after it is replaced by a rename (how `sed -i` and many editors save),
 * so this watches every directory of the tree on its own, non-recursively (a directory watch
 * sees renames into it), and re-arms after each event so new and removed directories are
 * followed.
 */
import { readdirSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

/** A running watch. */
export interface TreeWatch {
  close(): void;
}

/** Every directory under `root` (itself first), skipping dot-directories and node_modules. */
function directories(root: string, depth = 0): string[] {
  const out = [root];
  if (depth > 16) return out;
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
      out.push(...directories(join(root, e.name), depth + 1));
  }
  return out;
}

/** Call `onChange` after any change under `root` (file written, renamed, added or removed). */
export function watchTree(root: string, onChange: () => void): TreeWatch {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const arm = () => {
    if (closed) return;
    const now = new Set(directories(root));
    for (const [dir, w] of watchers) {
      if (!now.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of now) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: true }, () => {
          arm();
          onChange();
        });
        w.on("error", () => {
          w.close();
          watchers.delete(dir);
        });
        watchers.set(dir, w);
      } catch {
        // vanished between listing and watching: the next event re-arms
      }
    }
  };
  arm();
  return {
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

/**
 * Run `run` now, then again after every change under `root` (debounced by `delayMs`, one run at
 * a time; changes during a run cause one more run). `afterRun` is called after each run.
 */
export function runOnChange(
  root: string,
  run: () => Promise<void>,
  afterRun: () => void,
  delayMs = 100,
): TreeWatch {
  let running = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  const go = async (): Promise<void> => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      await run();
    } finally {
      running = false;
      afterRun();
      if (pending) {
        pending = false;
        void go();
      }
    }
  };
  const w = watchTree(root, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void go(), delayMs);
  });
  void go();
  return {
    close() {
      if (timer) clearTimeout(timer);
      w.close();
    },
  };
}
