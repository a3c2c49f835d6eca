/**
 * One intake for every channel (issue #9, ARCHITECTURE.md "Ways in and ways out"): the web, the
 * customer centre, Open311 apps, sensors and business systems all open a case here, with the same
 * validation, reference, first event and outbox entry. Bad input writes nothing.
 */
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, type ProblemFieldError } from '../../platform/errors.ts';
import type { DataProtection, StoredAnswers } from '../../platform/protection/data-protection.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService, ServiceVersion } from '../catalogue/service.ts';
import { pruneHidden } from '../forms/conditions.ts';
import type { Answers, FileRef, Language } from '../forms/definition.ts';
import { locationAreaOf } from '../forms/geo-area.ts';
import { sealedFieldsOf } from '../forms/sealed-fields.ts';
import { swedishToday, validateAll } from '../forms/validate-step.ts';
import type { OrganisationService } from '../organisation/service.ts';
import { bothInStatement, type CaseExtension } from './case-extension.ts';
import {
  acceptsChannel,
  type CheckedApplicant,
  checkApplicant,
  checkChannel,
  firstEventActor,
  type IntakeApplicant,
  type IntakeChannel,
  type Registrar,
} from './intake-model.ts';
import { type CaseOrigin, newCaseValues, placedCaseValues } from './new-case.ts';
import { insertSubmittedCase } from './store.ts';

export interface OpenCaseInput {
  tenant: Tenant;
  /** Must be the live published version of one of the tenant's services. */
  serviceVersionId: string;
  answers: Answers;
  applicant: IntakeApplicant;
  channel: IntakeChannel;
  registeredBy: Registrar;
  /** Files already stored (attachment ids); each must belong to `draftId` and to no case. */
  attachmentIds?: string[];
  /** The draft the answers were typed into, if any: it is closed with the case, in its statement. */
  draftId?: string;
  /** The applicant's language (field errors and notifications); Swedish unless given. */
  language?: Language;
  /** Extra data on the case's first history event (a sensor's reading). */
  firstEventData?: Record<string, unknown>;
}

/** What the intake needs from the module that owns drafts and their files (bound at the root). */
export interface IntakeFiles {
  /** Locks the draft and the named files if all are free for this intake; false if any is not. */
  lockForIntake(
    trx: Kysely<Database>,
    claim: { tenantId: string; draftId: string | null; attachmentIds: string[] },
  ): Promise<boolean>;
  /** SQL run in the case's statement: binds the files to the new case and closes the draft. */
  bindSql(
    caseId: RawBuilder<string>,
    claim: { draftId: string | null; attachmentIds: string[]; answers: StoredAnswers; at: Date },
  ): readonly RawBuilder<unknown>[];
}

/** What the intake needs from the person register: find or create a person by personnummer. */
export interface IntakePersons {
  ensurePerson(
    identity: { personalIdentityNumber: string; givenName: string; familyName: string },
    trx?: Kysely<Database>,
  ): Promise<{ id: string; givenName: string; familyName: string }>;
}

export interface IntakeDeps {
  db: Kysely<Database>;
  /** What the case's kind adds (a fault report's place and category, issue #11). */
  extension: CaseExtension;
  catalogue: CatalogueService;
  organisation: Pick<OrganisationService, 'handlingUnitOf'>;
  persons: IntakePersons;
  files: IntakeFiles;
  now: () => Date;
  /** Seals the answers the form marks (confidentiality 3, personnummer) before they are stored. */
  protection: DataProtection;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function invalid(errors: ProblemFieldError[]): AppError {
  return new AppError('INTAKE_INVALID', 'The case cannot be opened: see the field errors', errors);
}

/** The version, if it is the live published version of one of the tenant's services. */
async function liveVersionOf(catalogue: CatalogueService, tenant: Tenant, versionId: string) {
  const version = UUID.test(versionId)
    ? await catalogue.version(versionId).catch(() => undefined)
    : undefined;
  if (!version || version.tenantId !== tenant.id) throw new AppError('SERVICE_NOT_FOUND');
  const slug = await catalogue.serviceSlug(version.serviceId);
  const live = await catalogue.liveService(tenant.id, slug).catch(() => undefined);
  if (live?.version.id !== version.id)
    throw new AppError('SERVICE_VERSION_NOT_LIVE', 'Only the live published version opens cases');
  return version;
}

/** The same field errors a resident gets at submit (the tenant's area too), in the applicant's language. */
function answerErrors(
  version: ServiceVersion,
  tenant: Tenant,
  answers: Answers,
  language: Language,
  now: Date,
) {
  const options = { today: swedishToday(now), area: locationAreaOf(tenant) };
  const byStep = validateAll(version.definition, answers, options);
  return Object.values(byStep)
    .flat()
    .map((error) => ({ field: error.inputName, message: error.message[language] }));
}

/**
 * File answers must name only the files handed in with the intake. Answers may be any JSON (the
 * API's): a list holding null or other non-references counts as naming no listed file (issue #14's
 * hostile-input tests found `{"description": [null]}` answered 500).
 */
function unlistedFiles(answers: Answers, attachmentIds: string[]): ProblemFieldError[] {
  const isObject = (ref: unknown) => typeof ref === 'object' && ref !== null;
  const listed = (ref: unknown) => attachmentIds.includes((ref as Partial<FileRef>).attachmentId as string);
  return Object.entries(answers)
    .filter(([, value]) => Array.isArray(value) && value.some(isObject))
    .filter(([, value]) => (value as unknown[]).some((ref) => !isObject(ref) || !listed(ref)))
    .map(([field]) => ({ field, message: 'attachmentNotListed' }));
}

/** Checks everything that needs no lock; the applicant and version, or the first refusal. */
async function checkInput(deps: IntakeDeps, input: OpenCaseInput, attachmentIds: string[]) {
  const version = await liveVersionOf(deps.catalogue, input.tenant, input.serviceVersionId);
  if (!acceptsChannel(version.definition, input.channel.channel))
    throw new AppError(
      'CHANNEL_NOT_ACCEPTED',
      `This service does not take cases from ${input.channel.channel}`,
    );
  const channelProblem = checkChannel(input.channel, input.registeredBy);
  const applicant = checkApplicant(input.applicant);
  const errors: ProblemFieldError[] = [
    ...(channelProblem ? [channelProblem] : []),
    ...(applicant.ok ? [] : applicant.problems),
    ...answerErrors(version, input.tenant, input.answers, input.language ?? 'sv', deps.now()),
    ...unlistedFiles(input.answers, attachmentIds),
  ];
  if (errors.length > 0 || !applicant.ok) throw invalid(errors);
  return { version, applicant: applicant.applicant };
}

/** Channel, registrar and applicant as the case row records them. */
function originOf(
  input: OpenCaseInput,
  applicant: CheckedApplicant,
  personId: string | null,
  personName: string,
) {
  const registrar = { ...input.registeredBy };
  // The applicant registering their own case is named as the person register knows them.
  if (registrar.kind === 'resident' && registrar.id === personId && !registrar.label)
    registrar.label = personName;
  const origin: CaseOrigin = {
    channel: input.channel,
    registrar,
    applicantKind: applicant.kind,
    applicantPersonId: personId,
    applicantName: applicant.kind === 'organisation' ? applicant.name : personId ? personName : null,
  };
  if (applicant.kind === 'organisation') origin.organisationNumber = applicant.organisationNumber;
  if (applicant.kind !== 'person' && applicant.contact) origin.contact = applicant.contact;
  return origin;
}

/** A checked intake, ready to open inside a transaction (see CaseService.prepareCase). */
export interface PreparedCase {
  input: OpenCaseInput;
  version: ServiceVersion;
  applicant: CheckedApplicant;
  answers: Answers;
  attachmentIds: string[];
  draftId: string | null;
}

/** Creates the intake use case in two halves: the checks, then the writes in the caller's transaction. */
export function createPreparedIntake(deps: IntakeDeps) {
  const refused = () => invalid([{ field: 'attachments', message: 'attachmentNotAvailable' }]);

  /** Everything that needs no lock: version, channel, applicant, answers, file ids. */
  async function prepareCase(input: OpenCaseInput): Promise<PreparedCase> {
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    const { version, applicant } = await checkInput(deps, input, attachmentIds);
    const draftId = input.draftId ?? null;
    if (attachmentIds.some((id) => !UUID.test(id)) || (draftId && !UUID.test(draftId))) throw refused();
    const answers = pruneHidden(version.definition, input.answers);
    return { input, version, applicant, answers, attachmentIds, draftId };
  }

  /** The writes, inside `trx` (only `trx` is used: embedded PGlite has one connection). */
  async function openPreparedCase(trx: Kysely<Database>, prepared: PreparedCase) {
    const { input, version, applicant, answers, attachmentIds, draftId } = prepared;
    const claim = { tenantId: input.tenant.id, draftId, attachmentIds };
    if (!(await deps.files.lockForIntake(trx, claim))) throw refused();
    const person = applicant.kind === 'person' ? await deps.persons.ensurePerson(applicant, trx) : undefined;
    const personName = person ? `${person.givenName} ${person.familyName}` : '';
    // A resident registers only their own case; on someone else's behalf they are a representative.
    if (input.registeredBy.kind === 'resident' && input.registeredBy.id !== person?.id)
      throw invalid([{ field: 'registeredBy', message: 'registrarNotApplicant' }]);
    const origin = originOf(input, applicant, person?.id ?? null, personName);
    const at = deps.now();
    const extended = {
      tenantId: input.tenant.id,
      serviceId: version.serviceId,
      definition: version.definition,
      answers,
      submittedAt: at,
    };
    const placement = await deps.extension.placement(extended, trx);
    const unitId = placement?.unitId ?? (await deps.organisation.handlingUnitOf(version.serviceId, trx));
    const values = newCaseValues(
      {
        tenant: input.tenant,
        serviceId: version.serviceId,
        serviceVersionId: version.id,
        definition: version.definition,
        draftId,
        actor: firstEventActor(origin.registrar),
        anonymousSessionId: null,
        answers,
        language: input.language ?? 'sv',
        submittedAt: at,
        origin,
        firstEventData: input.firstEventData,
      },
      unitId,
    );
    const stored = deps.protection.sealAnswers(sealedFieldsOf(version.definition), answers);
    const bind = (caseId: RawBuilder<string>) =>
      deps.files.bindSql(caseId, { draftId, attachmentIds, answers: stored, at });
    const alsoInStatement = bothInStatement(bind, deps.extension.alsoInStatement(extended));
    const row = placedCaseValues({ ...values, answers: stored }, placement);
    const created = await insertSubmittedCase(trx, row, { alsoInStatement });
    if (!created) throw new Error('the case was not created');
    return created;
  }

  return { prepareCase, openPreparedCase };
}

/** Creates the intake use case; see CaseService.openCase. */
export function createIntake(deps: IntakeDeps) {
  const { prepareCase, openPreparedCase } = createPreparedIntake(deps);
  return async function openCase(input: OpenCaseInput): Promise<{ id: string; reference: string }> {
    const prepared = await prepareCase(input);
    return deps.db.transaction().execute((trx) => openPreparedCase(trx, prepared));
  };
}

export type OpenCase = ReturnType<typeof createIntake>;
