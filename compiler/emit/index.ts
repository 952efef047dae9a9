/** The ordered emitter registry. Adding an emitter is one file and one line here. */
import type { Emitter } from "./emitter.js";
import { intentSchemaEmitter } from "./intent-schema.js";
import { lockEmitter } from "./lock.js";
import { jsonSchemaEmitter } from "./json-schema.js";
import { tsTypesEmitter } from "./ts-types.js";
import { validatorsEmitter } from "./validators.js";
import { invariantsEmitter } from "./invariants.js";
import { systemInvariantsEmitter } from "./system-invariants.js";
import { referenceModelEmitter } from "./reference-model.js";
import { xstateEmitter } from "./xstate.js";
import { propertyTestsEmitter } from "./property-tests.js";
import { modelTestsEmitter } from "./model-tests.js";
import { flowTestsEmitter } from "./flow-tests.js";
import { generatedTsconfigEmitter } from "./generated-tsconfig.js";
import { packageJsonEmitter } from "./package-json.js";
import { slicePacksEmitter } from "./slice-packs.js";
import { knowledgeEmitter } from "./knowledge.js";
import { docsSiteEmitter } from "./docs-site.js";
import { flowSequenceEmitter } from "./flow-sequence.js";

/** Every emitter, in the order they run. */
export const emitters: readonly Emitter[] = [
  intentSchemaEmitter,
  lockEmitter,
  generatedTsconfigEmitter,
  packageJsonEmitter,
  jsonSchemaEmitter,
  tsTypesEmitter,
  validatorsEmitter,
  invariantsEmitter,
  systemInvariantsEmitter,
  referenceModelEmitter,
  xstateEmitter,
  propertyTestsEmitter,
  modelTestsEmitter,
  flowTestsEmitter,
  slicePacksEmitter,
  knowledgeEmitter,
  docsSiteEmitter,
  flowSequenceEmitter,
];
