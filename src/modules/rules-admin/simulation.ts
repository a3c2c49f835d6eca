/**
 * Runs a rule version against a service's past cases (issue #10, decision 0013): one read-only
 * query for the newest cases' answers (only the fields the rules read), then every case evaluated
 * in process under the simulated version and under the version in force now, each distinct set of
 * inputs once. Nothing is written to any case.
 */

import { AppError } from '../../platform/errors.ts';
import type { CaseService } from '../cases/service.ts';
import { liveVersion, type ServiceVersion } from '../catalogue/model.ts';
import { DmnError } from '../decision-rules/dmn-model.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import type { Answers } from '../forms/definition.ts';
import { pageOf, SIMULATION_LIMIT } from './model.ts';
import { ruleVersionOf } from './rule-version.ts';
import {
  fieldsRead,
  memoizedSimulator,
  NO_RULES,
  type SimulatedCase,
  type SimulatedOutcome,
  sameOutcome,
  type Transition,
  transitions,
} from './simulation-model.ts';

/** What a simulation found, with one page of the changed cases. */
export interface SimulationReport {
  version: { id: string; version: number };
  /** The version whose rules are in force now, compared against; null when none has rules. */
  baseline: { id: string; version: number } | null;
  /** The service's cases in all, and how many of them were evaluated (the newest, up to `limit`). */
  total: number;
  evaluated: number;
  limit: number;
  capped: boolean;
  /** How many of the evaluated cases would get another outcome. */
  changed: number;
  transitions: Transition[];
  changes: { items: SimulatedCase[]; page: number; pages: number; pageSize: number };
  durationMs: number;
}

export interface SimulationInput {
  cases: Pick<CaseService, 'answersOfService'>;
  tenantId: string;
  versions: ServiceVersion[];
  version: ServiceVersion;
  today: Date;
  page: { page: number; pageSize: number };
}

type Simulator = (answers: Answers) => SimulatedOutcome;

/** A simulator for a version's rules; a model that cannot be read gives its error for every case. */
async function simulatorOf(version: ServiceVersion, today: Date): Promise<Simulator> {
  const support = version.definition.decisionSupport;
  if (!support) return () => NO_RULES;
  try {
    const model = await parseDmn(support.model);
    return memoizedSimulator({ model, support, ruleVersion: ruleVersionOf(version, support) }, today);
  } catch (error) {
    if (!(error instanceof DmnError)) throw error;
    const failed: SimulatedOutcome = { outcome: null, value: null, error: error.code };
    return () => failed;
  }
}

/** Lets other requests run between batches: a large simulation must not stall the process. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const BATCH = 200;

/** Simulates `version` against the service's newest cases and compares with the rules in force. */
export async function simulateVersion(input: SimulationInput): Promise<SimulationReport> {
  const started = performance.now();
  const { version, today } = input;
  const support = version.definition.decisionSupport;
  if (!support) throw new AppError('CONFLICT', 'This version has no decision model to simulate');
  const live = liveVersion(input.versions, today);
  const baseline = live?.definition.decisionSupport ? live : undefined;
  const baselineSupport = baseline?.definition.decisionSupport;
  const fields = [
    ...new Set([...fieldsRead(support), ...(baselineSupport ? fieldsRead(baselineSupport) : [])]),
  ];
  const { total, cases } = await input.cases.answersOfService(
    input.tenantId,
    version.serviceId,
    fields,
    SIMULATION_LIMIT,
  );
  const next = await simulatorOf(version, today);
  const current = baseline ? await simulatorOf(baseline, today) : () => NO_RULES;
  const changed: SimulatedCase[] = [];
  for (const [i, item] of cases.entries()) {
    if (i > 0 && i % BATCH === 0) await breathe();
    const simulated = { reference: item.reference, submittedAt: item.submittedAt };
    const outcomes = { old: current(item.answers), new: next(item.answers) };
    if (!sameOutcome(outcomes.old, outcomes.new)) changed.push({ ...simulated, ...outcomes });
  }
  return {
    version: { id: version.id, version: version.version },
    baseline: baseline ? { id: baseline.id, version: baseline.version } : null,
    total,
    evaluated: cases.length,
    limit: SIMULATION_LIMIT,
    capped: total > cases.length,
    changed: changed.length,
    transitions: transitions(changed),
    changes: pageOf(changed, input.page.page, input.page.pageSize),
    durationMs: Math.round(performance.now() - started),
  };
}
