/**
 * Emitter: contracts/<domain>/schemas.json — JSON Schema 2020-12 of every type, entity, event
 * payload, machine state union and API input/output of the domain, in one document per domain
 * (`$defs`, stable `$id`). One document per domain keeps in-domain
 * references local, gives ajv one resource per domain and editors one file to open.
 * This emitter also reports the contract diagnostics (IC5001–IC5004) once for all contract
 * emitters.
 */
import { createDiagnostic } from "../diagnostics.js";
import { re2Unsupported } from "../../runtime/re2.js";
import { patternGeneratable } from "../testing/arbitraries.js";
import { stableJson } from "./code.js";
import { defineEmitter } from "./emitter.js";
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import { contractModel, domainPatterns } from "./contracts/model.js";
import { prunedDomainSchema } from "./contracts/schema.js";

/** Contract diagnostics: name collisions, reserved names, patterns RE2 rejects or cannot generate. */
export function contractDiagnostics(program: Program): Diagnostic[] {
  return diagnosticsOf(contractModel(program));
}

/**
 * The diagnostics of an already built contract model. Each distinct pattern is judged once (large
 * systems reuse a few patterns across hundreds of fields, and the generator check is costly).
 */
function diagnosticsOf({ domains, diagnostics }: ReturnType<typeof contractModel>): Diagnostic[] {
  const out = [...diagnostics];
  const verdicts = new Map<string, { detail: string | undefined; generatable: boolean }>();
  for (const dc of domains) {
    for (const { pattern, loc } of domainPatterns(dc)) {
      let v = verdicts.get(pattern);
      if (v === undefined) {
        const detail = re2Unsupported(pattern);
        v = { detail, generatable: detail === undefined && patternGeneratable(pattern) };
        verdicts.set(pattern, v);
      }
      if (v.detail !== undefined) {
        out.push(createDiagnostic("unsupported-pattern", { pattern, detail: v.detail }, loc));
      } else if (!v.generatable) {
        out.push(
          createDiagnostic(
            "pattern-without-generator",
            { pattern, detail: "fast-check cannot generate from it" },
            loc,
          ),
        );
      }
    }
  }
  return out;
}

export const jsonSchemaEmitter = defineEmitter({
  name: "json-schema",
  description:
    "contracts/<domain>/schemas.json (JSON Schema 2020-12, one $defs document per domain)",
  emit(program, ctx) {
    const model = contractModel(program);
    for (const d of diagnosticsOf(model)) ctx.report(d);
    const files = new Map<string, string>();
    for (const dc of model.domains) {
      files.set(
        `contracts/${dc.domain.name}/schemas.json`,
        stableJson(prunedDomainSchema(dc, program)),
      );
    }
    return files;
  },
});
