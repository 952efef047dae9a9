/**
 * Emitter: contracts/<domain>/validators.js (+ validators.d.ts) — validators generated from the
 * domain's contract documents by contracts/codegen.ts: per contract one generated function that
 * checks a value and, for a rejected one, reports its issues in ajv's allErrors order. Patterns run
 * on build-time character-code matchers or on re2js (linear time, `re2RegExp` from
 * @intentc/runtime), never on a native RegExp; the module imports only @intentc/runtime and holds
 * every contract it reaches in other domains, so each domain's
 * file depends only on the documents its contracts reach (and is remembered by their content).
 */
import { createHash } from "node:crypto";
import type { Program } from "../ir/types.js";
import { re2Unsupported } from "../../runtime/re2.js";
import { createWriter, jsString, withHeader } from "./code.js";
import { defineEmitter, type BuildMemo, type EmittedFiles } from "./emitter.js";
import { contractModel, domainPatterns, type DomainContracts } from "./contracts/model.js";
import { prunedDomainSchema } from "./contracts/schema.js";
import { docBlock } from "./contracts/ts.js";
import {
  CODEGEN_VERSION,
  domainInputs,
  validatorsModule,
  type Schema,
} from "./contracts/codegen.js";
import { RUNTIME_IMPORT } from "./runtime-import.js";

/** The validators.d.ts text of one domain (without header). */
export function validatorsDeclarations(dc: DomainContracts): string {
  const w = createWriter();
  w.line(`import type { Result as $Result } from "${RUNTIME_IMPORT}";`);
  if (dc.defs.length > 0) w.line(`import type * as $T from "./types.js";`);
  w.line();
  for (const def of dc.defs) {
    w.lines(
      docBlock([`Validate a value against the ${def.kind} contract '${def.name}'.`]).trimEnd(),
    );
    w.line(`export declare function validate${def.name}(value: unknown): $Result<$T.${def.name}>;`);
  }
  if (dc.defs.length === 0) w.line("export {};");
  return w.toString();
}

/**
 * The memo key of a domain's validators.js: the generator's version and the domain's inputs
 * without the document's top-level annotations (title, description, `$comment`), which never
 * reach the code. The memo keeps the whole file (header included), the very string emitted.
 */
function memoKey(docs: ReadonlyMap<string, Schema>, domain: string): string {
  const inputs = domainInputs(docs, domain);
  const { title: _t, description: _d, $comment: _c, ...compiled } = inputs.doc;
  return `validators ${createHash("sha256")
    .update(JSON.stringify([CODEGEN_VERSION, RUNTIME_IMPORT, domain, compiled, inputs.foreign]))
    .digest("hex")}`;
}

function emitValidators(program: Program, memo: BuildMemo | undefined): EmittedFiles {
  const out: EmittedFiles = new Map();
  const model = contractModel(program);
  // Contract errors are reported by the json-schema emitter; here they only mean "skip": a
  // dropped contract leaves dangling references and an unsupported pattern cannot compile.
  if (model.diagnostics.length > 0) return out;
  if (
    model.domains.some((dc) =>
      domainPatterns(dc).some((p) => re2Unsupported(p.pattern) !== undefined),
    )
  )
    return out;
  const docs = new Map(
    model.domains.map((dc) => [dc.domain.name, prunedDomainSchema(dc, program) as Schema]),
  );
  for (const dc of model.domains) {
    const dir = `contracts/${dc.domain.name}`;
    const defs = dc.defs.map((d) => d.name);
    const text = () => withHeader(validatorsModule(docs, dc.domain.name, defs), "ts");
    const isText = (v: unknown): v is string => typeof v === "string";
    out.set(
      `${dir}/validators.js`,
      memo === undefined ? text() : memo.cached(memoKey(docs, dc.domain.name), text, isText),
    );
    out.set(`${dir}/validators.d.ts`, withHeader(validatorsDeclarations(dc), "ts"));
  }
  return out;
}

export const validatorsEmitter = defineEmitter({
  name: "validators",
  description: "contracts/<domain>/validators.js + validators.d.ts (generated checks, ESM)",
  emit: (program, ctx) => emitValidators(program, ctx.memo),
});
