/**
 * The optional parallel analysis (driver/parallel.ts): machines explored on a worker thread give
 * exactly the serial results, and a build's emitted files do not depend on it.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ensureDist } from "./dist.js";

// The worker only exists compiled: use the compiled driver, as the CLI does.
const dist = async () => {
  ensureDist("dist/compiler/driver/explore-worker.js");
  const url = (p: string) => pathToFileURL(join(process.cwd(), p)).href;
  return {
    program: (await import(
      url("dist/compiler/program.js")
    )) as typeof import("../../compiler/program.js"),
    analyze: (await import(
      url("dist/compiler/driver/analyze.js")
    )) as typeof import("../../compiler/driver/analyze.js"),
    parallel: (await import(
      url("dist/compiler/driver/parallel.js")
    )) as typeof import("../../compiler/driver/parallel.js"),
    host: (await import(url("dist/compiler/host.js"))) as typeof import("../../compiler/host.js"),
  };
};

describe("analysis on a worker thread", () => {
  it("explores every machine exactly as the serial path does, and emits the same files", async () => {
    const d = await dist();
    const program = d.program.compile(d.host.createNodeHost("."), { dir: "intent" }).program!;
    const explorer = d.parallel.startExplorer();
    expect(explorer).toBeDefined();
    const memo = d.program.createBuildMemo();
    const viaWorker = await d.analyze.analyze(program, {
      budget: 20000,
      previousLock: undefined,
      memo,
      parallel: explorer!,
    });
    const serial = await d.analyze.analyze(program, {
      budget: 20000,
      previousLock: undefined,
      memo: d.program.createBuildMemo(),
    });
    expect([...viaWorker.analysis.explorations.keys()]).toEqual([
      ...serial.analysis.explorations.keys(),
    ]);
    expect([...viaWorker.analysis.explorations.values()]).toEqual([
      ...serial.analysis.explorations.values(),
    ]);
    expect(viaWorker.diagnostics).toEqual(serial.diagnostics);
    // Four machines explored and modelled, and the example's checkout flow explored as one
    // system and composed.
    expect(memo.entries().map(([k]) => k.split(" ")[0])).toEqual([
      ...Array(4).fill("explore"),
      "flow-seeds",
      ...Array(4).fill("model-suite"),
      "system",
    ]);
    expect([...viaWorker.analysis.machines.values()]).toEqual([
      ...serial.analysis.machines.values(),
    ]);
    expect([...viaWorker.analysis.flows.values()]).toEqual([...serial.analysis.flows.values()]);
    const files = (analysis: typeof serial.analysis) =>
      d.program.emitProgram(program, { analysis }).files;
    expect(files(viaWorker.analysis)).toEqual(files(serial.analysis));
  });

  it("stops an early worker when the memo already holds every machine", async () => {
    const d = await dist();
    const program = d.program.compile(d.host.createNodeHost("."), { dir: "intent" }).program!;
    const memo = d.program.createBuildMemo();
    const first = await d.analyze.analyze(program, { budget: 5000, previousLock: undefined, memo });
    let explored = 0;
    const idle = d.parallel.startExplorer()!;
    const spy = {
      ...idle,
      explore: async (...args: Parameters<typeof idle.explore>) => {
        explored++;
        return idle.explore(...args);
      },
    };
    const second = await d.analyze.analyze(program, {
      budget: 5000,
      previousLock: undefined,
      memo,
      parallel: spy,
    });
    expect(explored).toBe(0);
    expect([...second.analysis.explorations.values()]).toEqual([
      ...first.analysis.explorations.values(),
    ]);
    await idle.stop();
  });
});
