// The one public face of the engine: models/ and properties/ import only from here.
export { defineModel, kernelWords, violates, withProperties } from './model.ts';
export type {
  ActionBase,
  AlwaysProperty,
  AnyModel,
  Budget,
  CheckedModel,
  CoverageCell,
  DrawWeights,
  Expectation,
  GuardTable,
  KernelPlace,
  KindWeights,
  KnobSpec,
  KnobSpecs,
  KnobValue,
  KnobValues,
  Model,
  Property,
  Scenario,
  ScenarioOutcome,
  SometimesProperty,
  StepProperty,
  TransitionTable,
  Variant,
  Verdict,
} from './model.ts';
export type { Draft, Immutable } from 'immer';
export { check } from './check.ts';
export type { CheckOptions, ExhaustiveCap, Progress } from './check.ts';
export type { RunMode } from './machine.ts';
export { resolveConfiguration, proposalKnobs } from './configuration.ts';
export type { Configuration } from './configuration.ts';
export type {
  CheckResult,
  Counterexample,
  ExhaustiveResult,
  FirstFound,
  ModelFailure,
  Outcome,
  ParallelResult,
  RandomResult,
  Shortest,
  Witness,
} from './result.ts';
export { meets, exitStatus } from './result.ts';
export { isMemcheckError, memcheckError, unreachable } from './errors.ts';
export type { MemcheckError, MemcheckErrorCode } from './errors.ts';
export { buildTrace } from './trace.ts';
export type { Change, Trace, TraceStep } from './trace.ts';
