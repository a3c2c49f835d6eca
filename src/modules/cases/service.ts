/** Case use cases for residents: create at submission, read on My Pages, history, attachments. */
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { DataProtection } from '../../platform/protection/data-protection.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService, ServiceVersion } from '../catalogue/service.ts';
import type { Answers } from '../forms/definition.ts';
import { sealedFieldsOf } from '../forms/sealed-fields.ts';
import type { OrganisationService } from '../organisation/service.ts';
import { bothInStatement, type CaseExtension, NO_CASE_EXTENSION } from './case-extension.ts';
import {
  createIntake,
  createPreparedIntake,
  type IntakeFiles,
  type IntakePersons,
  type OpenCaseInput,
  type PreparedCase,
} from './intake.ts';
import { isCaseReference, isClosedCategory } from './model.ts';
import { type NewCaseInput, newCaseValues, placedCaseValues } from './new-case.ts';
import { canResidentReadCase, type ResidentActor } from './policy.ts';
import { type MonthlyCaseFigures, selectMonthlyCaseFigures } from './statistics-store.ts';
import {
  type CaseListCursor,
  type CaseListFilters,
  type CaseListRow,
  type CaseReach,
  insertSubmittedCase,
  selectActsOnBehalfOf,
  selectAnswersOfService,
  selectCaseAttachments,
  selectCaseById,
  selectCaseByReference,
  selectCaseEvents,
  selectCaseHistory,
  selectCaseSummariesOfPerson,
  selectCasesByReference,
  selectCasesInReach,
  selectCasesOfPerson,
} from './store.ts';
import { type Workflow, workflowOf } from './workflow.ts';

export type {
  CaseExtension,
  IntakeFiles,
  IntakePersons,
  NewCaseInput,
  OpenCaseInput,
  PreparedCase,
  ResidentActor,
};

/** A case made by one statement of its own, if the caller's guard finds its row (see insertSubmittedCase). */
export type GuardedCaseInput = NewCaseInput & { guard: RawBuilder<unknown> };

export type CaseSummary = Awaited<ReturnType<typeof selectCasesOfPerson>>[number];

/** A case as the customer centre's summary lists it (no answers; see selectCaseSummariesOfPerson). */
export type PersonCaseSummary = Awaited<ReturnType<typeof selectCaseSummariesOfPerson>>[number];

/** A case row with every column the pages show. */
export type CaseRow = NonNullable<Awaited<ReturnType<typeof selectCaseByReference>>>;

export interface CaseDetails {
  case: CaseRow;
  tenant: Tenant;
  version: ServiceVersion;
  events: Awaited<ReturnType<typeof selectCaseEvents>>;
  attachments: Awaited<ReturnType<typeof selectCaseAttachments>>;
  /** The case type's workflow, for the resident-facing status texts. */
  workflow: Workflow;
}

/** A past case as a rule simulation sees it: only the answer fields it asked for. */
export interface CaseAnswers {
  reference: string;
  serviceVersionId: string;
  submittedAt: Date;
  answers: Answers;
}

export interface CaseService {
  /**
   * Opens a case from any channel (web, customer centre, Open311, sensor, API): the live version's
   * validation, then reference, case row, first event, outbox entry and attachment binding in one
   * transaction. Refusals: SERVICE_NOT_FOUND, SERVICE_VERSION_NOT_LIVE, CHANNEL_NOT_ACCEPTED,
   * INTAKE_INVALID (with the field errors a resident would get); nothing is written then.
   */
  openCase(input: OpenCaseInput): Promise<{ id: string; reference: string }>;
  /**
   * The first half of openCase, for a caller that opens the case inside its own transaction
   * together with its own writes (a sensor alarm): every check, with the same refusals; nothing
   * is written. Reads outside any transaction, so call it before opening one.
   */
  prepareCase(input: OpenCaseInput): Promise<PreparedCase>;
  /** The second half of openCase: the writes, inside the caller's transaction (only `trx` is used). */
  openPreparedCase(trx: Kysely<Database>, prepared: PreparedCase): Promise<{ id: string; reference: string }>;
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
  /**
   * The case row by reference, unchecked: for the back office, which applies its own policy
   * (inside the caller's transaction when given; embedded PGlite has one connection).
   */
  caseRow(reference: string, trx?: Kysely<Database>): Promise<CaseRow | undefined>;
  /** `caseRow` for several references in one read (unknown ones are left out). */
  caseRows(references: readonly string[]): Promise<CaseRow[]>;
  /** The reference of a case by id (inside the caller's transaction when given). */
  referenceOf(caseId: string, trx?: Kysely<Database>): Promise<string>;
  /** The files of a case (inside the caller's transaction when given). */
  attachmentsOf(caseId: string, trx?: Kysely<Database>): Promise<CaseDetails['attachments']>;
  /**
   * The newest `limit` cases of a service (every version) with only the answer `fields` named, and
   * the service's number of cases in all; one read-only query (issue #10: rule simulation).
   */
  answersOfService(
    tenantId: string,
    serviceId: string,
    fields: string[],
    limit: number,
  ): Promise<{ total: number; cases: CaseAnswers[] }>;
  /** The resident's cases across every tenant, split into ongoing and closed, newest first. */
  casesOfPerson(personId: string): Promise<{ ongoing: CaseSummary[]; closed: CaseSummary[] }>;
  /** Every case the person is the applicant of, across every tenant, newest first (issue #14: their export). */
  everyCaseOfPerson(personId: string): Promise<CaseSummary[]>;
  /**
   * A person's cases in one tenant, newest first, without answers, unchecked: for the customer
   * centre, whose policy decides what of each it shows (issue #13).
   */
  caseSummariesOfPerson(tenantId: string, personId: string): Promise<PersonCaseSummary[]>;
  /** What representatives did in the person's cases (issue #13), newest first. */
  actsOnBehalfOf(personId: string): ReturnType<typeof selectActsOnBehalfOf>;
  /** One case with history and attachments; CASE_NOT_FOUND unless the actor may read it. */
  caseForResident(actor: ResidentActor, reference: string): Promise<CaseDetails>;
  /**
   * One case with its resident-visible history, unchecked: for callers that applied their own access
   * rule (a fault report's follow-up token, issue #11). CASE_NOT_FOUND when there is none.
   */
  caseDetailsById(caseId: string): Promise<CaseDetails>;
  /**
   * One page (newest first, keyset) of a tenant's cases of some units or services, unchecked: for
   * callers whose policy gave them that reach (an API client, issue #12).
   */
  casesInReach(
    reach: CaseReach,
    filters: CaseListFilters,
    cursor: CaseListCursor | undefined,
    limit: number,
  ): Promise<CaseListRow[]>;
  /** A case's whole history, every visibility, oldest first, unchecked (the caller's policy read it). */
  historyOf(caseId: string): ReturnType<typeof selectCaseHistory>;
  /** Figures per service and month since `since`, aggregates only (issue #12: open data). */
  monthlyFigures(
    tenantId: string,
    since: Date,
    targetDays: Record<string, number>,
  ): Promise<MonthlyCaseFigures[]>;
}

export type { CaseListCursor, CaseListFilters, CaseListRow, CaseReach };

const MY_PAGES_LIMIT = 200;
/** A bound, not a page: no resident has this many cases, and a query must never be unbounded. */
const EVERY_CASE_LIMIT = 10_000;

export function createCaseService(
  db: Kysely<Database>,
  tenants: TenantService,
  catalogue: CatalogueService,
  organisation: Pick<OrganisationService, 'handlingUnitOf'>,
  intake: {
    persons: IntakePersons;
    files: IntakeFiles;
    now: () => Date;
    extension?: CaseExtension;
    /** Seals the answers the form marks before they are stored (decision 0034). */
    protection: DataProtection;
  },
): CaseService {
  const extension = intake.extension ?? NO_CASE_EXTENSION;

  /** The row values and the statement's other writes; read before the reference counter is locked. */
  async function prepare(input: NewCaseInput, trx?: Kysely<Database>) {
    const extended = {
      tenantId: input.tenant.id,
      serviceId: input.serviceId,
      definition: input.definition,
      answers: input.answers,
      submittedAt: input.submittedAt,
    };
    const [unitId, placement] = await Promise.all([
      organisation.handlingUnitOf(input.serviceId, trx),
      extension.placement(extended, trx),
    ]);
    const values = placedCaseValues(newCaseValues(input, placement?.unitId ?? unitId), placement);
    const answers = intake.protection.sealAnswers(sealedFieldsOf(input.definition), values.answers);
    return {
      values: { ...values, answers },
      alsoInStatement: bothInStatement(input.alsoInStatement, extension.alsoInStatement(extended)),
    };
  }

  async function detailsOf(found: CaseRow): Promise<CaseDetails> {
    const [tenant, version, events, attachments] = await Promise.all([
      tenants.byId(found.tenantId),
      catalogue.version(found.serviceVersionId),
      selectCaseEvents(db, found.id),
      selectCaseAttachments(db, found.id),
    ]);
    return { case: found, tenant, version, events, attachments, workflow: workflowOf(version.definition) };
  }

  const intakeDeps = { db, catalogue, organisation, ...intake, extension };
  const prepared = createPreparedIntake(intakeDeps);
  return {
    openCase: createIntake(intakeDeps),
    prepareCase: prepared.prepareCase,
    openPreparedCase: prepared.openPreparedCase,
    async createInTransaction(trx, input) {
      // Read before the reference counter is taken: its row lock is held until commit.
      const { values, alsoInStatement } = await prepare(input, trx);
      const created = await insertSubmittedCase(trx, values, { alsoInStatement });
      if (!created) throw new Error('the submitted case was not created');
      return created;
    },
    async createGuarded(input) {
      const { values, alsoInStatement } = await prepare(input);
      return insertSubmittedCase(db, values, { guard: input.guard, alsoInStatement });
    },
    caseRow: async (reference, trx) =>
      isCaseReference(reference) ? selectCaseByReference(trx ?? db, reference) : undefined,
    caseRows: (references) => selectCasesByReference(db, references.filter(isCaseReference)),
    casesInReach: (reach, filters, cursor, limit) => selectCasesInReach(db, reach, filters, cursor, limit),
    historyOf: (caseId) => selectCaseHistory(db, caseId),
    async referenceOf(caseId, trx) {
      const row = await selectCaseById(trx ?? db, caseId);
      if (!row) throw new AppError('CASE_NOT_FOUND');
      return row.reference;
    },
    attachmentsOf: (caseId, trx) => selectCaseAttachments(trx ?? db, caseId),
    async answersOfService(tenantId, serviceId, fields, limit) {
      const rows = await selectAnswersOfService(db, tenantId, serviceId, fields, limit);
      return {
        total: Number(rows[0]?.total ?? 0),
        cases: rows.map((row) => ({
          reference: row.reference,
          serviceVersionId: row.serviceVersionId,
          submittedAt: new Date(row.submittedAt),
          answers: row.answers,
        })),
      };
    },
    async casesOfPerson(personId) {
      const cases = await selectCasesOfPerson(db, personId, MY_PAGES_LIMIT);
      return {
        ongoing: cases.filter((c) => !isClosedCategory(c.statusCategory)),
        closed: cases.filter((c) => isClosedCategory(c.statusCategory)),
      };
    },
    everyCaseOfPerson: (personId) => selectCasesOfPerson(db, personId, EVERY_CASE_LIMIT),
    caseSummariesOfPerson: (tenantId, personId) =>
      selectCaseSummariesOfPerson(db, tenantId, personId, MY_PAGES_LIMIT),
    actsOnBehalfOf: (personId) => selectActsOnBehalfOf(db, personId, MY_PAGES_LIMIT),
    async caseForResident(actor, reference) {
      const found = isCaseReference(reference) ? await selectCaseByReference(db, reference) : undefined;
      if (!found || !canResidentReadCase(actor, found)) throw new AppError('CASE_NOT_FOUND');
      return detailsOf(found);
    },
    async caseDetailsById(caseId) {
      const found = await selectCaseById(db, caseId);
      if (!found) throw new AppError('CASE_NOT_FOUND');
      return detailsOf(found);
    },
    monthlyFigures: (tenantId, since, targetDays) =>
      selectMonthlyCaseFigures(db, tenantId, since, targetDays),
  };
}
