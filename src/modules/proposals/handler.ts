/**
 * The proposal job handler (issue #10): after a submission and after a completion, evaluates the
 * service version's decision against the case's answers and stores the result as an internal
 * `proposal` history event, in one transaction with the job's idempotency key (exactly once per
 * event). An engine error is stored as a proposal that could not be made, never as an answer.
 * For a service marked `automaticDecision`, the same transaction then lets the rule decide.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { onceEachInDatabase } from '../../platform/jobs/effects.ts';
import { defineHandler, type JobHandler, type TopicJob } from '../../platform/jobs/job-worker.ts';
import type { CaseHandlingService, HandledCase } from '../case-handling/service.ts';
import { DmnError, type DmnModel } from '../decision-rules/dmn-model.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import { decisionInputs, failedProposal, type Proposal, propose, type RuleVersion } from './model.ts';

/** The handler's stable name (stored in job rows and idempotency keys). */
export const PROPOSAL_HANDLER = 'proposal';

/** The history event type of a proposal. */
export const PROPOSAL_EVENT = 'proposal';

/**
 * What decides a case automatically once its proposal is stored, in the same transaction (issue
 * #10; the decisions module's `decideAutomatically`, wired at the composition root so that this
 * module does not import the decisions module, which reads its proposals).
 */
export type AutomaticDecider = (trx: Kysely<Database>, handled: HandledCase) => Promise<unknown>;

export interface ProposalHandlerDeps {
  db: Kysely<Database>;
  caseHandling: Pick<CaseHandlingService, 'systemCases' | 'recordEvents'>;
  now: () => Date;
  /** Absent: every proposal waits for a human. */
  decideAutomatically?: AutomaticDecider;
  /** Reads a model's XML (default `parseDmn`; tests count the calls). */
  parseModel?: (xml: string) => Promise<DmnModel>;
}

/** How many parsed models a handler keeps (one per rule version in use is plenty). */
const MODEL_CACHE_SIZE = 32;

/**
 * Parsed models by the SHA-256 of their XML. A version's XML never changes and the engine never
 * changes a model, so one parse serves every proposal of the version; parsing took as long as
 * evaluating (docs/performance.md, "Why pgliteVsPostgres fell").
 */
function modelCache(parse: (xml: string) => Promise<DmnModel>) {
  const models = new Map<string, Promise<DmnModel>>();
  return (sha256: string, xml: string): Promise<DmnModel> => {
    const cached = models.get(sha256);
    if (cached) return cached;
    const parsed = parse(xml);
    // A model that cannot be read is not kept: its error is stored with each proposal anyway.
    parsed.catch(() => models.delete(sha256));
    models.set(sha256, parsed);
    if (models.size > MODEL_CACHE_SIZE) models.delete(models.keys().next().value as string);
    return parsed;
  };
}

/** The proposal for a locked case whose version carries decision support. */
async function proposalFor(
  handled: HandledCase,
  today: Date,
  model: (sha256: string, xml: string) => Promise<DmnModel>,
): Promise<Proposal | undefined> {
  const support = handled.version.definition.decisionSupport;
  if (!support) return undefined;
  const ruleVersion: RuleVersion = {
    serviceVersionId: handled.version.id,
    version: handled.version.version,
    modelSha256: createHash('sha256').update(support.model).digest('hex'),
    decision: support.decision,
  };
  const inputs = decisionInputs(support, handled.row.answers, today);
  try {
    return propose(await model(ruleVersion.modelSha256, support.model), support, inputs, ruleVersion);
  } catch (error) {
    // Parsing and evaluating are pure, so any error is the model's (or the engine's) and would only
    // repeat on a retry: it is stored as a proposal that could not be made.
    const code = error instanceof DmnError ? error.code : 'DMN_ENGINE_ERROR';
    return failedProposal(ruleVersion, inputs, { code, message: String((error as Error).message ?? error) });
  }
}

/** The proposal's history event. */
function proposalEvent(proposal: Proposal, trigger: string) {
  return {
    type: PROPOSAL_EVENT,
    actor: { kind: 'system', name: 'Beslutsstöd' } as const,
    data: { ...proposal, trigger } as unknown as Record<string, unknown>,
    visibility: 'internal' as const,
  };
}

/**
 * The handler of `case.submitted` and `case.completed`, one case's events in order. A batch (the
 * worker's claim never holds two events of one case) is one transaction: the idempotency keys, the
 * cases locked, the proposals' events in one statement, then any automatic decisions.
 */
export function createProposalHandler(deps: ProposalHandlerDeps): JobHandler {
  const model = modelCache(deps.parseModel ?? parseDmn);
  const automatic = (handled: HandledCase) =>
    Boolean(handled.version.definition.decisionSupport?.automaticDecision && deps.decideAutomatically);
  const runBatch = async (jobs: readonly TopicJob<'case.submitted' | 'case.completed'>[]) => {
    const lock = await deps.caseHandling.systemCases(jobs.map((job) => job.payload.caseId));
    await onceEachInDatabase(deps.db, jobs, async (trx, fresh) => {
      const cases = await lock(trx);
      const today = deps.now();
      const made: { handled: HandledCase; event: ReturnType<typeof proposalEvent> }[] = [];
      for (const job of fresh) {
        const handled = cases.get(job.payload.caseId);
        const proposal = handled && (await proposalFor(handled, today, model));
        if (handled && proposal) made.push({ handled, event: proposalEvent(proposal, job.topic) });
      }
      await deps.caseHandling.recordEvents(trx, made);
      // Only a service marked `automaticDecision` decides without a human; the decider checks the rest.
      for (const { handled } of made) if (automatic(handled)) await deps.decideAutomatically?.(trx, handled);
    });
  };
  return defineHandler({
    name: PROPOSAL_HANDLER,
    topics: ['case.submitted', 'case.completed'],
    ordered: 'perCase',
    // One job is a batch of one: the same transaction, the same statements.
    run: (job) => runBatch([job]),
    runBatch,
  });
}
