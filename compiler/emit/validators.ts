/**
 * Emitter: contracts/<domain>/validators.js (+ validators.d.ts) — ajv standalone validators,
 * precompiled at build time (no schema compilation at run time), ESM, wrapped to return
 * `Result<T>`. Patterns run on re2js (linear time) through `re2RegExp` from intentc/runtime;
 * ajv's own runtime helpers are replaced by intentc/runtime's, so the module imports nothing
 * else. Each domain compiles on its own (contracts/ajv.ts), so domains are remembered by content
 * key and, in `emitAsync`, compiled on two worker threads with a capped heap.
 */
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { Program } from "../ir/types.js";
import { re2Unsupported } from "../../runtime/re2.js";
import { withHeader } from "./code.js";
import { defineEmitter, type BuildMemo, type EmitContext, type EmittedFiles } from "./emitter.js";
import { contractModel, domainPatterns, type DomainContracts } from "./contracts/model.js";
import { domainSchema, pruneUndefined } from "./contracts/schema.js";
import { docBlock } from "./contracts/ts.js";
import { compileValidatorJob, createAjv, domainInputs, type Schema, type ValidatorJob } from "./contracts/ajv.js";
import type { WorkerInput, WorkerOutput } from "./contracts/validators-worker.js";

/** Domains left to compile (memo misses) and how to finish the emit once their texts are known. */
interface Plan {
  readonly docs: ReadonlyMap<string, Schema>;
  readonly jobs: readonly ValidatorJob[];
  finish(texts: readonly string[]): EmittedFiles;
}

/**
 * Prepare the emit: the contract documents, and per domain either its remembered validators.js
 * or a job. The memo key of a domain is its inputs without the document's top-level annotations
 * (title, description, `$comment`), which ajv never compiles into code. The memo keeps the whole
 * file (header included), the very string emitted, so a build holds one copy of each text.
 */
function plan(program: Program, memo: BuildMemo | undefined): Plan | undefined {
  const model = contractModel(program);
  // Contract errors are reported by the json-schema emitter; here they only mean "skip": a
  // dropped contract leaves dangling references and an unsupported pattern cannot compile.
  if (model.diagnostics.length > 0) return undefined;
  if (model.domains.some((dc) => domainPatterns(dc).some((p) => re2Unsupported(p.pattern) !== undefined))) return undefined;
  const docs = new Map(model.domains.map((dc) => [dc.domain.name, pruneUndefined(domainSchema(dc, program)) as Schema]));
  const texts: (string | undefined)[] = [];
  const keys: string[] = [];
  const jobs: ValidatorJob[] = [];
  const slots: number[] = [];
  const isText = (v: unknown): v is string => typeof v === "string";
  model.domains.forEach((dc, i) => {
    const inputs = domainInputs(docs, dc.domain.name);
    const { title: _t, description: _d, $comment: _c, ...compiled } = inputs.doc;
    keys.push(`validators ${createHash("sha256").update(JSON.stringify(["file", dc.domain.name, compiled, inputs.foreign])).digest("hex")}`);
    texts.push(memo?.peek(keys[i], isText));
    if (texts[i] !== undefined) return;
    const needed = [...new Set([dc.domain.name, ...inputs.foreign.map(([d]) => d)])].sort();
    jobs.push({ domain: dc.domain.name, defs: dc.defs.map((d) => d.name), needed });
    slots.push(i);
  });
  if (jobs.length > 0) {
    // Every document is checked against the 2020-12 meta-schema once (compiling does not check).
    const check = createAjv(true);
    for (const doc of docs.values()) check.addSchema(doc as object);
  }
  return {
    docs,
    jobs,
    finish(done) {
      slots.forEach((slot, k) => (texts[slot] = withHeader(done[k], "ts")));
      return files(model.domains, texts as string[], keys, memo);
    },
  };
}

/** The emitted files, from each domain's validators.js (header included). */
function files(domains: readonly DomainContracts[], texts: readonly string[], keys: readonly string[], memo: BuildMemo | undefined): EmittedFiles {
  const out: EmittedFiles = new Map();
  domains.forEach((dc, i) => {
    memo?.put(keys[i], texts[i]);
    const dir = `contracts/${dc.domain.name}`;
    out.set(`${dir}/validators.js`, texts[i]);
    out.set(`${dir}/validators.d.ts`, withHeader(validatorsDeclarations(dc), "ts"));
  });
  return out;
}

/** The compiled worker next to this module, when running from JavaScript (not from TS sources). */
function workerFile(): URL | undefined {
  const url = new URL("./contracts/validators-worker.js", import.meta.url);
  // Under the TypeScript sources (tests) there is no compiled worker; compile on this thread.
  return url.protocol === "file:" && import.meta.url.endsWith(".js") ? url : undefined;
}

/** Fewest domains to compile before worker threads pay for their start-up. */
const PARALLEL_MIN_JOBS = 8;
/** Worker threads compiling validators (builds run on two cores). */
const WORKERS = 2;
/**
 * Old-space cap of each worker, in MB. ajv's code generation leaves much short-lived garbage that
 * V8 otherwise lets grow to ~1 GB before collecting; a domain's compile needs far less live.
 */
const WORKER_OLD_SPACE_MB = 96;

/**
 * Compile the jobs on worker threads sharing one queue: each takes the next job index from a
 * shared counter and posts each text back as soon as it is compiled. This thread keeps only the
 * texts, so its heap does not grow with ajv's garbage while it runs the other emitters. A job a
 * worker did not finish (a worker crashed or ran out of memory) is compiled here afterwards. The
 * texts are the same whichever thread compiles a job.
 */
async function compileParallel(docs: ReadonlyMap<string, Schema>, jobs: readonly ValidatorJob[]): Promise<string[]> {
  const url = workerFile();
  if (url === undefined || jobs.length < PARALLEL_MIN_JOBS) return jobs.map((j) => compileValidatorJob(docs, j));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { docs: [...docs.entries()], jobs, next };
  const texts: (string | undefined)[] = new Array(jobs.length);
  const run = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(url, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB } });
      worker.on("message", (m: WorkerOutput) => {
        if ("done" in m) resolve();
        else texts[m.index] = m.text;
      });
      // A failed worker's unfinished jobs are compiled below; the error itself changes nothing.
      worker.once("error", () => resolve());
      worker.once("exit", () => resolve());
    });
  await Promise.all(Array.from({ length: Math.min(WORKERS, jobs.length) }, run));
  return jobs.map((job, i) => texts[i] ?? compileValidatorJob(docs, job));
}

/** The validators.d.ts text of one domain (without header). */
export function validatorsDeclarations(dc: DomainContracts): string {
  const lines = [`import type { Result as $Result } from "intentc/runtime";`];
  if (dc.defs.length > 0) lines.push(`import type * as $T from "./types.js";`);
  lines.push("");
  for (const def of dc.defs) {
    lines.push(docBlock([`Validate a value against the ${def.kind} contract '${def.name}'.`]).trimEnd());
    lines.push(`export declare function validate${def.name}(value: unknown): $Result<$T.${def.name}>;`);
  }
  if (dc.defs.length === 0) lines.push("export {};");
  return lines.join("\n") + "\n";
}

export const validatorsEmitter = defineEmitter({
  name: "validators",
  description: "contracts/<domain>/validators.js + validators.d.ts (precompiled ajv standalone, ESM)",
  emit(program, ctx) {
    const p = plan(program, ctx.memo);
    return p === undefined ? new Map() : p.finish(p.jobs.map((j) => compileValidatorJob(p.docs, j)));
  },
  async emitAsync(program: Program, ctx: EmitContext) {
    const p = plan(program, ctx.memo);
    return p === undefined ? new Map() : p.finish(await compileParallel(p.docs, p.jobs));
  },
});
