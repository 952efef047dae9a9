/**
 * intentc/testing — helpers generated tests import (fast-check arbitraries, model-based runs).
 * Explicit named re-exports only; each area keeps its own section.
 */

// --- arbitraries ---
export type {
  Mutant,
  Gen,
  NumberConstraints,
  StringConstraints,
  ArrayConstraints,
  FieldGens,
  RunPropertyOptions,
} from "./arbitraries.js";
export {
  fc,
  integer,
  number,
  boolean,
  nullValue,
  enumOf,
  string,
  array,
  record,
  lazy,
  patternGeneratable,
  runProperty,
} from "./arbitraries.js";
export {
  checkGeneratedValid,
  checkMutantsRejected,
  checkInvariantsEvaluate,
  jsPatternFor,
} from "./arbitraries.js";

// --- model-based ---
export type {
  ModelImplementation,
  EventDomain,
  ModelSuite,
  ModelCheckOptions,
} from "./model-based.js";
export {
  checkModelBased,
  replaySeeds,
  payloadCandidates,
  modelImplementation,
  xstateImplementation,
} from "./model-based.js";

// --- flow-based (a flow's participants driven through the composed system) ---
export type {
  Entity as FlowEntity,
  FlowParticipant,
  FlowStepSpec,
  FlowSpec,
  FlowState,
  FlowStepResult,
  FlowModel,
} from "./flow-model.js";
export { createFlowModel, flowParticipant, systemRecord, FlowPayloadError } from "./flow-model.js";
export type {
  FlowEvent,
  FlowEventDomain,
  FlowCommand,
  FlowSuite,
  FlowImplementations,
  FlowCheckOptions,
} from "./flow-based.js";
export { checkFlowBased, replayFlowSeeds } from "./flow-based.js";

// --- suite report (read by `intentc run`) ---
export type { SuiteReportEntry } from "./report.js";
export { SUITE_REPORT_ENV, recordSuiteRun, markReference, isReference } from "./report.js";

export {};
