/** A real redis-server for the tests: loopback only, a free port, append-only file so a restart keeps the queue. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, "127.0.0.1");
    c.once("connect", () => {
      c.end();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/** A running redis-server. */
export interface Redis {
  readonly url: string;
  /** Stop (SIGKILL: nothing flushed beyond what the AOF already holds) and start again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(dir: string): Promise<Redis> {
  const port = await freePort();
  let proc: ChildProcess;
  const start = async () => {
    proc = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--protected-mode",
        "yes",
        "--dir",
        dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--maxmemory-policy",
        "noeviction",
      ],
      { stdio: "ignore" },
    );
    while (!(await accepting(port))) await new Promise((r) => setTimeout(r, 50));
  };
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
  };
}
