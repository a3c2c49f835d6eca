/** Case use cases for residents: create at submission, read on My Pages, history, attachments. */
import type { Kysely, RawBuilder } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService, ServiceVersion } from '../catalogue/service.ts';
import type { Answers, ServiceDefinition } from '../forms/definition.ts';
import type { OrganisationService } from '../organisation/service.ts';
import { isCaseReference, isClosedCategory, swedishYear } from './model.ts';
import { canResidentReadCase, type ResidentActor } from './policy.ts';
import {
  type AlsoInStatement,
  insertSubmittedCase,
  selectCaseAttachments,
  selectCaseByReference,
  selectCaseEvents,
  selectCasesOfPerson,
} from './store.ts';
import { dueAtFor, initialStatus, type Workflow, workflowOf } from './workflow.ts';

export type { ResidentActor };

export interface NewCaseInput {
  tenant: Tenant;
  serviceId: string;
  serviceVersionId: string;
  /** The version's definition: its workflow gives the first status and target time. */
  definition: ServiceDefinition;
  draftId: string;
  actor: CaseEventActor;
  anonymousSessionId: string | null;
  answers: Answers;
  language: string;
  submittedAt: Date;
  /**
   * The caller's own writes that belong to the submission (closing the draft), run in the same
   * statement as the case, so the reference counter's lock is held for one round trip less.
   */
  alsoInStatement?: AlsoInStatement;
}

/** A case made by one statement of its own, if the caller's guard finds its row (see insertSubmittedCase). */
export type GuardedCaseInput = NewCaseInput & { guard: RawBuilder<unknown> };

export type CaseSummary = Awaited<ReturnType<typeof selectCasesOfPerson>>[number];

export interface CaseDetails {
  case: NonNullable<Awaited<ReturnType<typeof selectCaseByReference>>>;
  tenant: Tenant;
  version: ServiceVersion;
  events: Awaited<ReturnType<typeof selectCaseEvents>>;
  attachments: Awaited<ReturnType<typeof selectCaseAttachments>>;
  /** The case type's workflow, for the resident-facing status texts. */
  workflow: Workflow;
}

export interface CaseService {
  /**
   * Creates a case inside the caller's transaction: reference, case row, first history event and
   * an outbox entry for the notification — all or nothing with the submission.
   */
  createInTransaction(trx: Kysely<Database>, input: NewCaseInput): Promise<{ id: string; reference: string }>;
  /**
   * Creates a case in one statement that commits on its own — no round trip while the reference
   * counter is locked — if `guard` yields a row; undefined (and nothing written) when it does not.
   */
  createGuarded(input: GuardedCaseInput): Promise<{ id: string; reference: string } | undefined>;
  /** The resident's cases across every tenant, split into ongoing and closed, newest first. */
  casesOfPerson(personId: string): Promise<{ ongoing: CaseSummary[]; closed: CaseSummary[] }>;
  /** One case with history and attachments; CASE_NOT_FOUND unless the actor may read it. */
  caseForResident(actor: ResidentActor, reference: string): Promise<CaseDetails>;
}

const MY_PAGES_LIMIT = 200;

export function createCaseService(
  db: Kysely<Database>,
  tenants: TenantService,
  catalogue: CatalogueService,
  organisation: Pick<OrganisationService, 'handlingUnitOf'>,
): CaseService {
  return {
    async createInTransaction(trx, input) {
      // Read before the reference counter is taken: its row lock is held until commit.
      const unitId = await organisation.handlingUnitOf(input.serviceId, trx);
      const created = await insertSubmittedCase(trx, newCaseValues(input, unitId), input);
      if (!created) throw new Error('the submitted case was not created');
      return created;
    },
    async createGuarded(input) {
      const unitId = await organisation.handlingUnitOf(input.serviceId);
      return insertSubmittedCase(db, newCaseValues(input, unitId), input);
    },
    async casesOfPerson(personId) {
      const cases = await selectCasesOfPerson(db, personId, MY_PAGES_LIMIT);
      return {
        ongoing: cases.filter((c) => !isClosedCategory(c.statusCategory)),
        closed: cases.filter((c) => isClosedCategory(c.statusCategory)),
      };
    },
    async caseForResident(actor, reference) {
      const found = isCaseReference(reference) ? await selectCaseByReference(db, reference) : undefined;
      if (!found || !canResidentReadCase(actor, found)) throw new AppError('CASE_NOT_FOUND');
      const [tenant, version, events, attachments] = await Promise.all([
        tenants.byId(found.tenantId),
        catalogue.version(found.serviceVersionId),
        selectCaseEvents(db, found.id),
        selectCaseAttachments(db, found.id),
      ]);
      return { case: found, tenant, version, events, attachments, workflow: workflowOf(version.definition) };
    },
  };
}

/** The row values of a new case: first status and due date from the version's workflow. */
function newCaseValues(input: NewCaseInput, unitId: string | null) {
  const first = initialStatus(workflowOf(input.definition));
  return {
    tenantId: input.tenant.id,
    referencePrefix: input.tenant.referencePrefix,
    year: swedishYear(input.submittedAt),
    actor: input.actor,
    serviceId: input.serviceId,
    serviceVersionId: input.serviceVersionId,
    draftId: input.draftId,
    applicantPersonId: input.actor.personId ?? null,
    anonymousSessionId: input.anonymousSessionId,
    answers: input.answers,
    language: input.language,
    status: first.id,
    statusCategory: first.category,
    submittedAt: input.submittedAt,
    statusChangedAt: input.submittedAt,
    dueAt: dueAtFor(first, input.submittedAt),
    unitId,
    applicantName: input.actor.name || null,
  };
}
