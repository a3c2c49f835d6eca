/**
 * Rules administration (issue #10), pure: where a service version stands, the problems of an
 * uploaded model (each naming decision, row and column), and the definition a new model makes.
 */
import type { DmnModel } from '../decision-rules/dmn-model.ts';
import type { ValidationError } from '../decision-rules/validate.ts';
import type { LocalizedText, ServiceDefinition } from '../forms/definition.ts';

/** The largest DMN file accepted (the demo's model is 6 kB). */
export const MAX_MODEL_BYTES = 1024 * 1024;

/** At most this many past cases are simulated, the newest first (decision 0013). */
export const SIMULATION_LIMIT = 10_000;

/** Where a version stands for the admin. */
export type VersionState = 'draft' | 'live' | 'scheduled' | 'superseded' | 'retired';

interface VersionLike {
  id: string;
  status: 'draft' | 'published' | 'retired';
  publishedFrom: Date | null;
}

/** A version's state, given the service's live version (if any) and the time. */
export function versionState(version: VersionLike, liveId: string | undefined, now: Date): VersionState {
  if (version.status === 'draft') return 'draft';
  if (version.status === 'retired') return 'retired';
  if (version.id === liveId) return 'live';
  return version.publishedFrom !== null && version.publishedFrom > now ? 'scheduled' : 'superseded';
}

/** One problem of an uploaded model, for the admin: what, and where (decision, row, column). */
export interface ModelProblem {
  code: string;
  message: LocalizedText;
  decision?: string;
  rule?: number;
  column?: string;
}

/** The validator's errors as problems (validate.ts already names decision, row and column). */
export function validationProblems(errors: ValidationError[]): ModelProblem[] {
  return errors.map((error) => ({
    code: error.code,
    message: { sv: error.message, en: error.messageEn },
    decision: error.decision,
    rule: error.rule,
    column: error.column,
  }));
}

/**
 * The service's mapping must still fit the new model: its decision must be in it, and every input
 * the mapping fills must be input data of the model (what the import check requires too).
 */
export function mappingProblems(model: DmnModel, decision: string, inputs: string[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  if (!model.decisions.some((candidate) => candidate.id === decision || candidate.name === decision)) {
    problems.push({
      code: 'DECISION_MISSING',
      decision,
      message: {
        sv: `Modellen saknar beslutet «${decision}», som e-tjänstens förslag bygger på.`,
        en: `The model has no decision «${decision}», which the e-service's proposals use.`,
      },
    });
  }
  const declared = new Set(model.inputs.map((input) => input.name));
  for (const name of inputs.filter((input) => !declared.has(input))) {
    problems.push({
      code: 'INPUT_MISSING',
      column: name,
      message: {
        sv: `Modellen saknar indata «${name}», som e-tjänsten fyller från ansökans svar.`,
        en: `The model has no input data «${name}», which the e-service fills from the answers.`,
      },
    });
  }
  return problems;
}

/** A copy of a definition with a new DMN model; everything else (the mapping too) stays. */
export function definitionWithModel(definition: ServiceDefinition, xml: string): ServiceDefinition {
  if (!definition.decisionSupport) throw new Error('the definition has no decisionSupport');
  return { ...definition, decisionSupport: { ...definition.decisionSupport, model: xml } };
}

/** A page of a list: 1-based page number, clamped to the pages there are. */
export function pageOf<T>(items: T[], page: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((current - 1) * pageSize, current * pageSize), page: current, pages, pageSize };
}
