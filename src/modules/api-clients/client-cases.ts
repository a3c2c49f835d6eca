/**
 * What a business system's API client reads of cases (issue #12): the list of the cases in its reach
 * (keyset pages, filters), one case, its whole history and its files. The client policy (model.ts)
 * decides: a case out of reach does not exist for the client (404); a credential without
 * `cases:read` is refused (403). Every read is written to the audit log as the client's act.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import { swedishDayStart } from '../case-handling/queue-model.ts';
import type { CaseClient, CaseHandlingService } from '../case-handling/service.ts';
import type { IntakeApplicant } from '../cases/intake-model.ts';
import type { CaseDetails, CaseListCursor, CaseListRow, CaseRow, CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DecisionInput } from '../decisions/model.ts';
import type { DecisionLetter, DecisionService } from '../decisions/service.ts';
import type { Answers } from '../forms/definition.ts';
import type { MessageService } from '../messages/service.ts';
import type { OrganisationService } from '../organisation/service.ts';
import { type ApiScope, type ClientActor, canClient, canonicalJson, clientReaches } from './model.ts';
import { fieldsHiddenFrom, protectEvent, protectForClient } from './protected-answers.ts';
import { clientAuditActor } from './service.ts';
import { insertIdempotencyKey, selectIdempotencyKey } from './store.ts';

/** The list's query as the API takes it (dates are Swedish calendar days, YYYY-MM-DD). */
export interface CaseListQuery {
  unitId?: string;
  serviceId?: string;
  status?: string;
  submittedFrom?: string;
  submittedTo?: string;
  cursor?: string;
  limit: number;
}

/** A case a business system registers (channel `api`): the e-service's slug, the answers, the applicant. */
export interface NewClientCase {
  service: string;
  answers: Answers;
  applicant: IntakeApplicant;
  language?: Language;
}

/** A decision as a business system records it; `decidedByName` is the official, for the letter. */
export type ClientDecision = Partial<DecisionInput> & { decidedByName?: string };

export interface ClientCaseService {
  /**
   * Opens a case through the intake every channel uses (channel `api`, the client as registrar) and
   * audits it as the client's act in the same transaction. SERVICE_NOT_FOUND for a service out of
   * reach; INTAKE_INVALID with the field errors a resident would get; CHANNEL_NOT_ACCEPTED.
   */
  create(
    client: ClientActor,
    input: NewClientCase,
    idempotencyKey?: string,
  ): Promise<{ reference: string; replayed: boolean }>;
  /**
   * Records a decision with its letter on a case in reach (scope `cases:decisions`), as an officer's
   * (a correction when `correctsDecisionId` is given); VALIDATION_FAILED names the fields.
   */
  decide(
    client: ClientActor,
    reference: string,
    input: ClientDecision,
    correctsDecisionId?: string,
  ): Promise<{ decisionId: string }>;
  /** A decision letter of a case in reach (scope `cases:read`); NOT_FOUND for another case's decision. */
  decisionLetter(client: ClientActor, reference: string, decisionId: string): Promise<DecisionLetter>;
  /**
   * Moves a case in reach to a status its workflow allows from where it is (scope `cases:status`),
   * with an optional message to the applicant; VALIDATION_FAILED (field `status`) otherwise.
   */
  changeStatus(client: ClientActor, reference: string, statusId: string, message: string): Promise<void>;
  /**
   * Asks the applicant to complete chosen steps of their application (scope `cases:status`: the case
   * waits for the resident), with a message; VALIDATION_FAILED (`steps`, `message`) as for an officer.
   */
  requestCompletion(
    client: ClientActor,
    reference: string,
    stepIds: string[],
    message: string,
  ): Promise<void>;
  /** Writes to the applicant of a case in reach (scope `cases:messages`); they follow it on My Pages. */
  message(client: ClientActor, reference: string, body: string): Promise<{ messageId: string }>;
  list(
    client: ClientActor,
    query: CaseListQuery,
  ): Promise<{ rows: CaseListRow[]; slugs: Map<string, string>; next?: string }>;
  /**
   * One case with its answers and files; CASE_NOT_FOUND when out of reach. Without the scope
   * `cases:protected`, answers at confidentiality 3 and their files are left out (`protectedAnswers`).
   */
  read(
    client: ClientActor,
    reference: string,
  ): Promise<{ details: CaseDetails; protectedAnswers: string[]; slug: string }>;
  /** A case's whole history (internal notes included: the client handles the case), oldest first. */
  history(client: ClientActor, reference: string): ReturnType<CaseService['historyOf']>;
  /** A file of a case, to stream from storage; ATTACHMENT_NOT_FOUND when the case has no such file. */
  attachment(
    client: ClientActor,
    reference: string,
    attachmentId: string,
  ): Promise<CaseDetails['attachments'][number]>;
}

/** Thrown inside a create's transaction to roll it back when its idempotency key was taken meanwhile. */
class KeyTakenMeanwhile extends Error {}

const raise = (error: Error): never => {
  throw error;
};

/** Refuses a credential without the scope (403, naming it); the route checks before any read. */
export function requireScope(client: ClientActor, scope: ApiScope): void {
  if (!client.scopes.includes(scope))
    throw new AppError('API_SCOPE_MISSING', `This request needs the scope ${scope}`);
}

/** The cursor as the API shows it: the last row's submission instant and id, base64url JSON. */
export function encodeCursor(cursor: CaseListCursor): string {
  return Buffer.from(JSON.stringify([cursor.submittedAt.toISOString(), cursor.id])).toString('base64url');
}

/** A cursor from the API; VALIDATION_FAILED when it was not made by encodeCursor. */
export function decodeCursor(text: string): CaseListCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    const submittedAt = new Date(String(at));
    if (
      typeof at === 'string' &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id) &&
      !Number.isNaN(submittedAt.getTime())
    )
      return { submittedAt, id };
  } catch {
    // falls through to the refusal
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave', [
    { field: 'cursor', message: 'cursorInvalid' },
  ]);
}

export function createClientCaseService(deps: {
  db: Kysely<Database>;
  cases: CaseService;
  catalogue: Pick<CatalogueService, 'serviceSlug' | 'liveService' | 'version'>;
  organisation: Pick<OrganisationService, 'handlingUnitOf'>;
  caseHandling: Pick<CaseHandlingService, 'changeStatusByClient' | 'requestCompletionByClient'>;
  messages: Pick<MessageService, 'sendByClient'>;
  decisions: Pick<DecisionService, 'recordDecisionByClient' | 'letterForClient'>;
  tenants: Pick<TenantService, 'byId'>;
  now: () => Date;
}): ClientCaseService {
  const { db, cases, now } = deps;

  async function audit(client: ClientActor, action: string, row: CaseRow | undefined, details = {}) {
    await recordAudit(db, {
      tenantId: client.tenantId,
      actor: clientAuditActor(client),
      action,
      caseId: row?.id ?? null,
      subjectPersonId: row?.applicantPersonId ?? null,
      details,
      at: now(),
    });
  }

  /** The case if the client may read it; else CASE_NOT_FOUND, as if it did not exist. */
  async function readable(client: ClientActor, reference: string): Promise<CaseRow> {
    requireScope(client, 'cases:read');
    const row = await cases.caseRow(reference);
    if (!row || !canClient(client, 'read', row)) throw new AppError('CASE_NOT_FOUND');
    return row;
  }

  /** The client as the back office's changes take it, with its reach as the policy. */
  const caseClient = (client: ClientActor): CaseClient => ({
    clientId: client.clientId,
    name: client.name,
    reaches: (subject) => clientReaches(client, subject),
  });

  return {
    async changeStatus(client, reference, statusId, message) {
      requireScope(client, 'cases:status');
      await deps.caseHandling.changeStatusByClient(caseClient(client), reference, statusId, message);
    },

    async requestCompletion(client, reference, stepIds, message) {
      requireScope(client, 'cases:status');
      await deps.caseHandling.requestCompletionByClient(caseClient(client), reference, stepIds, message);
    },

    async decide(client, reference, input, correctsDecisionId) {
      requireScope(client, 'cases:decisions');
      return deps.decisions.recordDecisionByClient(caseClient(client), reference, input, correctsDecisionId);
    },

    async decisionLetter(client, reference, decisionId) {
      requireScope(client, 'cases:read');
      return deps.decisions.letterForClient(caseClient(client), reference, decisionId);
    },

    async message(client, reference, body) {
      requireScope(client, 'cases:messages');
      return deps.messages.sendByClient(caseClient(client), reference, body);
    },

    async create(client, input, idempotencyKey) {
      requireScope(client, 'cases:create');
      const requestSha256 = createHash('sha256').update(canonicalJson(input)).digest('hex');
      /** The case an earlier request with the key made; refused when that request was another. */
      const earlier = async () => {
        if (idempotencyKey === undefined) return undefined;
        const found = await selectIdempotencyKey(db, client.clientId, idempotencyKey);
        if (found && found.requestSha256 !== requestSha256)
          throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key came with another request');
        return found && { reference: found.caseReference, replayed: true };
      };
      const replay = await earlier();
      if (replay) return replay;
      const tenant = await deps.tenants.byId(client.tenantId);
      const live = await deps.catalogue.liveService(tenant.id, input.service);
      const unitId = await deps.organisation.handlingUnitOf(live.serviceId);
      // A service out of reach answers as one that does not exist.
      if (!canClient(client, 'create', { tenantId: tenant.id, unitId, serviceId: live.serviceId }))
        throw new AppError('SERVICE_NOT_FOUND');
      const prepared = await cases.prepareCase({
        tenant,
        serviceVersionId: live.version.id,
        answers: input.answers,
        applicant: input.applicant,
        channel: { channel: 'api' },
        registeredBy: { kind: 'apiClient', id: client.clientId, label: client.name },
        language: input.language,
      });
      const made = await db
        .transaction()
        .execute(async (trx) => {
          const opened = await cases.openPreparedCase(trx, prepared);
          const keyed =
            idempotencyKey === undefined ||
            (await insertIdempotencyKey(trx, {
              apiClientId: client.clientId,
              key: idempotencyKey,
              requestSha256,
              caseId: opened.id,
              caseReference: opened.reference,
            }));
          // Another request with the key made its case first: this one's case goes with the rollback.
          if (!keyed) throw new KeyTakenMeanwhile();
          const row = await cases.caseRow(opened.reference, trx);
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: clientAuditActor(client),
            action: 'case.created',
            caseId: opened.id,
            subjectPersonId: row?.applicantPersonId ?? null,
            details: { reference: opened.reference, service: input.service },
            at: now(),
          });
          return { reference: opened.reference, replayed: false };
        })
        .catch(async (error: unknown) => {
          if (!(error instanceof KeyTakenMeanwhile)) throw error;
          return undefined;
        });
      return made ?? (await earlier()) ?? raise(new AppError('CONFLICT'));
    },

    async list(client, query) {
      requireScope(client, 'cases:read');
      const filters = {
        unitId: query.unitId,
        serviceId: query.serviceId,
        status: query.status,
        submittedFrom: query.submittedFrom ? swedishDayStart(query.submittedFrom) : undefined,
        submittedBefore: query.submittedTo
          ? new Date(swedishDayStart(query.submittedTo).getTime() + 24 * 3600_000)
          : undefined,
      };
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const reach = { tenantId: client.tenantId, unitIds: client.unitIds, serviceIds: client.serviceIds };
      const found = await cases.casesInReach(reach, filters, cursor, query.limit + 1);
      const rows = found.slice(0, query.limit);
      const last = rows.at(-1);
      const serviceIds = [...new Set(rows.map((row) => row.serviceId))];
      const slugs = new Map(
        await Promise.all(serviceIds.map(async (id) => [id, await deps.catalogue.serviceSlug(id)] as const)),
      );
      await audit(client, 'api.casesListed', undefined, {
        filters: { ...query, cursor: query.cursor ? 'given' : undefined },
        count: rows.length,
      });
      return {
        rows,
        slugs,
        next:
          found.length > query.limit && last
            ? encodeCursor({ submittedAt: new Date(last.submittedAt), id: last.id })
            : undefined,
      };
    },

    async read(client, reference) {
      const row = await readable(client, reference);
      const details = await cases.caseDetailsById(row.id);
      const hidden = fieldsHiddenFrom(client, details.version.definition);
      const shown = protectForClient(hidden, details.case.answers, details.attachments);
      await audit(
        client,
        'case.read',
        row,
        shown.protectedAnswers.length > 0 ? { protectedAnswers: shown.protectedAnswers } : {},
      );
      return {
        details: {
          ...details,
          case: { ...details.case, answers: shown.answers },
          attachments: shown.attachments,
        },
        protectedAnswers: shown.protectedAnswers,
        slug: await deps.catalogue.serviceSlug(row.serviceId),
      };
    },

    async history(client, reference) {
      const row = await readable(client, reference);
      const [events, version] = await Promise.all([
        cases.historyOf(row.id),
        deps.catalogue.version(row.serviceVersionId),
      ]);
      await audit(client, 'case.historyRead', row);
      const hidden = fieldsHiddenFrom(client, version.definition);
      return events.map((event) => protectEvent(hidden, event));
    },

    async attachment(client, reference, attachmentId) {
      const row = await readable(client, reference);
      const [files, version] = await Promise.all([
        cases.attachmentsOf(row.id),
        deps.catalogue.version(row.serviceVersionId),
      ]);
      const file = files.find((attachment) => attachment.id === attachmentId);
      // A protected answer's file does not exist for a client without `cases:protected` (decision 0033).
      if (!file || fieldsHiddenFrom(client, version.definition).includes(file.fieldId))
        throw new AppError('ATTACHMENT_NOT_FOUND');
      await audit(client, 'case.attachmentRead', row, { attachmentId, filename: file.filename });
      return file;
    },
  };
}
