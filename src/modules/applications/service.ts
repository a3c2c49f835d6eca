/** Filling in an e-service: start, save steps, upload files, check answers and submit → case. */
import type { Readable } from 'node:stream';
import type { Kysely, RawBuilder } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { grantsCover, residentActing } from '../../platform/identity/model.ts';
import { type DataProtection, storedFormOf } from '../../platform/protection/data-protection.ts';
import { type FileStorage, FileTooLargeError } from '../../platform/storage/file-storage.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import { InfectedFileError, ScannerUnavailableError } from '../../platform/virus-scan/scanned-storage.ts';
import type { CaseService, NewCaseInput } from '../cases/service.ts';
import type { CatalogueService, ServiceVersion } from '../catalogue/service.ts';
import { firstStepId, pruneHidden } from '../forms/conditions.ts';
import type { Answers, FileField, FileRef } from '../forms/definition.ts';
import { locationAreaOf } from '../forms/geo-area.ts';
import { sealedFieldsOf } from '../forms/sealed-fields.ts';
import { type StepErrors, swedishToday, validateAll } from '../forms/validate-step.ts';
import type { DraftCompletion } from './completion.ts';
import { type ApplicantActor, canUseDraft, cleanFilename, missingLogin } from './model.ts';
import type { UploadProblem } from './multipart.ts';
import { personDrafts } from './person-drafts.ts';
import { type ProfileContact, prefillAnswers } from './prefill.ts';
import {
  closeSubmittedDraftSql,
  type DraftRow,
  deleteAttachment,
  deleteOpenDraft,
  insertAttachment,
  insertDraft,
  openDraftGuardSql,
  selectAttachment,
  selectDraft,
  selectDraftAttachments,
  selectDraftForUpdate,
  selectOpenDraftsOfPerson,
  selectStorageKeysInUse,
  updateDraftAnswers,
} from './store.ts';

export type { ApplicantActor };

export interface DraftContext {
  draft: DraftRow;
  version: ServiceVersion;
  tenant: Tenant;
  serviceSlug: string;
  /** Set on a draft that answers an officer's completion request (see completion.ts). */
  completion?: DraftCompletion;
}

export interface UploadInput {
  field: FileField;
  filename: string;
  contentType: string;
  stream: Readable;
}

export interface ApplicationServiceDeps {
  db: Kysely<Database>;
  tenants: TenantService;
  catalogue: CatalogueService;
  cases: CaseService;
  storage: FileStorage;
  contactOf: (personId: string) => Promise<ProfileContact | undefined>;
  now: () => Date;
  /** Seals the answers the form marks (confidentiality 3, personnummer) before they are stored. */
  protection: DataProtection;
}

/**
 * A case filed by a representative for the person (issue #13): on the web, registered by the
 * representative, the principal the applicant. Undefined for a resident's own case (webOrigin).
 */
function representedOrigin(actor: ApplicantActor, name: string): NewCaseInput['origin'] {
  if (!actor.actingFor || !actor.personId) return undefined;
  return {
    channel: { channel: 'web' },
    registrar: {
      kind: 'representative',
      id: actor.actingFor.representativePersonId,
      label: actor.actingFor.representativeName,
    },
    applicantKind: 'person',
    applicantPersonId: actor.personId,
    applicantName: name || null,
  };
}

// Written once in the form engine: the intake validates with the same "today" (issue #9).
export { swedishToday };

export function createApplicationService(deps: ApplicationServiceDeps) {
  const { db, now } = deps;
  /** The answers as a draft of this version stores them (decision 0034). */
  const sealed = (version: ServiceVersion, answers: Answers) =>
    deps.protection.sealAnswers(sealedFieldsOf(version.definition), answers);

  async function load(actor: ApplicantActor, draftId: string): Promise<DraftContext> {
    const draft = /^[0-9a-f-]{36}$/.test(draftId) ? await selectDraft(db, draftId) : undefined;
    if (!draft || !canUseDraft(actor, draft)) {
      // A representative's check needs the draft's service (issue #13); anyone else is decided already.
      if (!draft || !actor.actingFor) throw new AppError('DRAFT_NOT_FOUND');
    }
    const [version, tenant] = await Promise.all([
      deps.catalogue.version(draft.serviceVersionId),
      deps.tenants.byId(draft.tenantId),
    ]);
    if (actor.actingFor && !canUseDraft(actor, { ...draft, serviceId: version.serviceId }))
      throw new AppError('DRAFT_NOT_FOUND');
    return { draft, version, tenant, serviceSlug: await deps.catalogue.serviceSlug(version.serviceId) };
  }

  /** What answers are validated against: today's date and the municipality's area (issue #11). */
  const validationOptions = (tenant: Tenant) => ({
    today: swedishToday(now()),
    area: locationAreaOf(tenant),
  });

  const isValid = (context: DraftContext, answers: Answers) =>
    Object.keys(validateAll(context.version.definition, answers, validationOptions(context.tenant)))
      .length === 0;

  /** What the cases module needs to make the case of a draft with these (validated) answers. */
  function newCase(actor: ApplicantActor, context: DraftContext, answers: Answers, language: string) {
    const pruned = pruneHidden(context.version.definition, answers);
    const name = [actor.givenName, actor.familyName].filter(Boolean).join(' ');
    const caseActor: CaseEventActor = actor.personId
      ? {
          kind: 'resident',
          ...residentActing({ personId: actor.personId, name, actingFor: actor.actingFor }),
        }
      : { kind: 'anonymous' };
    const draftId = context.draft.id;
    return {
      tenant: context.tenant,
      serviceId: context.version.serviceId,
      serviceVersionId: context.version.id,
      definition: context.version.definition,
      draftId,
      actor: caseActor,
      origin: representedOrigin(actor, name),
      anonymousSessionId: actor.personId ? null : actor.sessionId,
      answers: pruned,
      language,
      submittedAt: now(),
      alsoInStatement: (caseId: RawBuilder<string>) =>
        closeSubmittedDraftSql(draftId, caseId, sealed(context.version, pruned), now()),
    };
  }

  /** Submits in a transaction that locks the draft first (the fallback when the draft moved). */
  function submitLocked(actor: ApplicantActor, draftId: string, language: string, context: DraftContext) {
    return db.transaction().execute(async (trx) => {
      const draft = await selectDraftForUpdate(trx, draftId);
      if (!draft) throw new AppError('DRAFT_NOT_FOUND');
      if (draft.status === 'submitted' && draft.caseId)
        return { reference: await deps.cases.referenceOf(draft.caseId, trx), context };
      if (!isValid(context, draft.answers))
        throw new AppError('VALIDATION_FAILED', 'The application has errors');
      const created = await deps.cases.createInTransaction(
        trx,
        newCase(actor, context, draft.answers, language),
      );
      return { reference: created.reference, context };
    });
  }

  return {
    load,

    /** Which of these storage keys name a draft or case attachment (the orphan file sweeper asks). */
    storageKeysInUse: (keys: string[]) => selectStorageKeysInUse(db, keys),

    /** Starts a draft of the live version, prefilled from the profile ("once only"). */
    async start(actor: ApplicantActor, tenant: Tenant, serviceSlug: string): Promise<DraftContext> {
      const live = await deps.catalogue.liveService(tenant.id, serviceSlug);
      const level = missingLogin(live.version.definition, actor);
      if (level) throw new AppError('LOGIN_REQUIRED', level);
      // A representative starts only services they were granted for the person (issue #13).
      if (actor.actingFor && !grantsCover(actor.actingFor.grants, tenant.id, live.version.serviceId))
        throw new AppError('FORBIDDEN', 'This service is outside the representation');
      const contact = actor.personId ? await deps.contactOf(actor.personId) : undefined;
      const answers = prefillAnswers(live.version.definition, contact);
      const draft = await insertDraft(db, {
        tenantId: tenant.id,
        serviceVersionId: live.version.id,
        personId: actor.personId,
        sessionId: actor.personId ? null : actor.sessionId,
        representativePersonId: actor.actingFor?.representativePersonId ?? null,
        answers: sealed(live.version, answers),
        currentStep: firstStepId(live.version.definition, answers) ?? null,
      });
      return { draft, version: live.version, tenant, serviceSlug };
    },

    /** Saves a step's answers (valid or not: nothing the resident typed is lost). */
    async saveAnswers(
      actor: ApplicantActor,
      draftId: string,
      stepId: string,
      answers: Answers,
    ): Promise<void> {
      const context = await load(actor, draftId);
      if (context.draft.status !== 'open') throw new AppError('DRAFT_ALREADY_SUBMITTED');
      await updateDraftAnswers(db, draftId, sealed(context.version, answers), stepId, now());
    },

    /**
     * Stores an uploaded file durably, then records it on the draft in one transaction.
     * Returns a field error message key when the file is refused.
     */
    async upload(
      actor: ApplicantActor,
      draftId: string,
      upload: UploadInput,
    ): Promise<UploadProblem | undefined> {
      const context = await load(actor, draftId);
      if (context.draft.status !== 'open') throw new AppError('DRAFT_ALREADY_SUBMITTED');
      let stored: Awaited<ReturnType<FileStorage['put']>>;
      try {
        stored = await deps.storage.put(upload.stream, upload.field.maxSizeBytes);
      } catch (error) {
        if (error instanceof FileTooLargeError) return 'tooLarge';
        if (error instanceof InfectedFileError) return 'infected';
        if (error instanceof ScannerUnavailableError) return 'notScanned';
        throw error;
      }
      const filename = cleanFilename(upload.filename);
      // The file is durable before its row exists; if the row cannot be written, remove the file again.
      const recorded = db.transaction().execute(async (trx) => {
        const draft = await selectDraftForUpdate(trx, draftId);
        if (draft?.status !== 'open') throw new AppError('DRAFT_ALREADY_SUBMITTED');
        const row = await insertAttachment(trx, {
          tenantId: draft.tenantId,
          draftId,
          fieldId: upload.field.id,
          filename,
          contentType: upload.contentType,
          sizeBytes: stored.sizeBytes,
          storageKey: stored.key,
          sha256: stored.sha256,
        });
        const ref: FileRef = {
          attachmentId: row.id,
          filename,
          contentType: upload.contentType,
          sizeBytes: stored.sizeBytes,
        };
        const existing = Array.isArray(draft.answers[upload.field.id])
          ? (draft.answers[upload.field.id] as FileRef[])
          : [];
        const answers = { ...draft.answers, [upload.field.id]: [...existing, ref] };
        await updateDraftAnswers(
          trx,
          draftId,
          sealed(context.version, answers),
          draft.currentStep ?? '',
          now(),
        );
      });
      await recorded.catch(async (error: unknown) => {
        await deps.storage.remove(stored.key);
        throw error;
      });
      return undefined;
    },

    /**
     * Removes an uploaded file from an open draft. In a completion draft a file the case already has
     * only leaves the answer: it stays with the case and its history.
     */
    async removeAttachment(actor: ApplicantActor, draftId: string, attachmentId: string): Promise<void> {
      const { draft: loaded, version } = await load(actor, draftId);
      const attachment = /^[0-9a-f-]{36}$/.test(attachmentId)
        ? await selectAttachment(db, attachmentId)
        : undefined;
      const ofCase = Boolean(attachment?.caseId) && attachment?.caseId === loaded.completesCaseId;
      if (!attachment || !(ofCase || (attachment.draftId === draftId && !attachment.caseId)))
        throw new AppError('ATTACHMENT_NOT_FOUND');
      await db.transaction().execute(async (trx) => {
        const draft = await selectDraftForUpdate(trx, draftId);
        if (draft?.status !== 'open') throw new AppError('DRAFT_ALREADY_SUBMITTED');
        const refs = (draft.answers[attachment.fieldId] as FileRef[] | undefined) ?? [];
        const remaining = refs.filter((ref) => ref.attachmentId !== attachmentId);
        const answers = { ...draft.answers, [attachment.fieldId]: remaining };
        if (remaining.length === 0) delete answers[attachment.fieldId];
        if (!ofCase) await deleteAttachment(trx, attachmentId);
        await updateDraftAnswers(trx, draftId, sealed(version, answers), draft.currentStep ?? '', now());
      });
      if (!ofCase) await deps.storage.remove(attachment.storageKey);
    },

    /** Validates every visible step; the errors, by step, if any. */
    validate(context: DraftContext): StepErrors {
      return validateAll(
        context.version.definition,
        context.draft.answers,
        validationOptions(context.tenant),
      );
    },

    /**
     * Submits a draft: validates again, then atomically creates the case, its first event and the
     * outbox entry, binds attachments and closes the draft. A repeated submit of the same draft
     * (double click, retry) returns the case it already made.
     */
    async submit(actor: ApplicantActor, draftId: string, language: string, loaded?: DraftContext) {
      // The route has usually just loaded the draft: reuse it (the statement below re-checks it).
      const context = loaded?.draft.id === draftId ? loaded : await load(actor, draftId);
      // A completion draft completes its case (completion.ts); it must never become a case of its own.
      if (context.draft.completesCaseId) throw new AppError('DRAFT_NOT_FOUND');
      const { draft } = context;
      if (draft.status === 'submitted' && draft.caseId)
        return { reference: await deps.cases.referenceOf(draft.caseId), context };
      if (draft.status === 'open' && isValid(context, draft.answers)) {
        // One statement that commits on its own: the common case, with no round trip while the
        // tenant's reference counter is locked (issue #4, docs/performance.md).
        const input = newCase(actor, context, draft.answers, language);
        const created = await deps.cases.createGuarded({
          ...input,
          guard: openDraftGuardSql(draftId, storedFormOf(draft.answers)),
        });
        if (created) return { reference: created.reference, context };
      }
      // Submitted or changed meanwhile, or invalid: decide on the locked row.
      return submitLocked(actor, draftId, language, context);
    },

    validationOptions,

    /** Deletes an open draft and its files. */
    async deleteDraft(actor: ApplicantActor, draftId: string): Promise<void> {
      const context = await load(actor, draftId);
      if (context.draft.status !== 'open') throw new AppError('DRAFT_ALREADY_SUBMITTED');
      const files = await selectDraftAttachments(db, draftId);
      await deleteOpenDraft(db, draftId);
      await Promise.all(files.map((file) => deps.storage.remove(file.storageKey)));
    },

    /** The reference of the case a draft became. */
    referenceOf: (caseId: string) => deps.cases.referenceOf(caseId),

    /** A person's open drafts for My Pages. */
    openDraftsOf: (personId: string) => selectOpenDraftsOfPerson(db, personId),

    /** A person's drafts as a whole: the export and deleting a profile (issue #14). */
    ...personDrafts(db),

    /**
     * An attachment of a draft the actor may use (download from the form or the receipt); in a
     * completion draft also the files of the case it completes, which its answers refer to.
     */
    async attachment(actor: ApplicantActor, draftId: string, attachmentId: string) {
      const { draft } = await load(actor, draftId);
      const attachment = /^[0-9a-f-]{36}$/.test(attachmentId)
        ? await selectAttachment(db, attachmentId)
        : undefined;
      const ofCase = Boolean(attachment?.caseId) && attachment?.caseId === draft.completesCaseId;
      if (!attachment || (attachment.draftId !== draftId && !ofCase))
        throw new AppError('ATTACHMENT_NOT_FOUND');
      return { ...attachment, stream: () => deps.storage.read(attachment.storageKey) };
    },
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
