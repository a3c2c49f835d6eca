/**
 * The customer centre ("en väg in", issue #13, docs/customer-centre.md): staff with the
 * customer-centre role find a person by personnummer, see the person's cases in their municipality
 * as the one case policy allows (case-handling/policy.ts `caseView`), register a case for them
 * through the one intake, and close contacts that need no case for the statistics. Every look-up
 * and every write is audited, in the write's transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError, type ProblemFieldError } from '../../platform/errors.ts';
import type { Language, LocalizedText } from '../../platform/i18n/i18n.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import { canReadContactStatistics, caseView, isCustomerCentre } from '../case-handling/policy.ts';
import { acceptsChannel } from '../cases/intake-model.ts';
import { residentStatusText } from '../cases/model.ts';
import type { CaseService, PersonCaseSummary } from '../cases/service.ts';
import { STANDARD_WORKFLOW } from '../cases/workflow.ts';
import type { CatalogueService, LiveService } from '../catalogue/service.ts';
import type { Answers } from '../forms/definition.ts';
import { locationAreaOf } from '../forms/geo-area.ts';
import { swedishToday, validateAll } from '../forms/validate-step.ts';
import type { StaffActor } from '../organisation/model.ts';
import { auditActorOf, type OrganisationService } from '../organisation/service.ts';
import type { ProfileService } from '../profile/service.ts';
import {
  CASE_REGISTERED,
  type ClosedContact,
  type ContactFigure,
  categoryOfService,
  intakeApplicantOf,
  OTHER_CATEGORY,
  parseClosedContact,
  parseLookup,
  parseRegistrationMeta,
  sortFigures,
  totalsByChannel,
} from './model.ts';
import { hasContacts, insertContact, selectContactFigures, selectOutcomeFigures } from './store.ts';

export interface CustomerCentreDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'lifeEvents'>;
  catalogue: Pick<CatalogueService, 'liveServices' | 'liveService'>;
  cases: Pick<CaseService, 'caseSummariesOfPerson' | 'prepareCase' | 'openPreparedCase'>;
  organisation: Pick<OrganisationService, 'unitNames'>;
  profile: Pick<ProfileService, 'personByNumber' | 'getProfile'>;
  now: () => Date;
}

/** A case as the customer centre is allowed to show it. */
export type ShownCase =
  | {
      view: 'summary' | 'full';
      reference: string;
      service: LocalizedText;
      status: LocalizedText;
      unitName: string | null;
      submittedAt: Date;
      updatedAt: Date;
      closedAt: Date | null;
    }
  /** A confidential service: only that a case exists and which unit to contact. */
  | { view: 'existence'; unitName: string | null };

export interface PersonOverview {
  person: { id: string; givenName: string; familyName: string };
  cases: ShownCase[];
}

/** A category of contacts: one of the tenant's life events, or "other" (title undefined). */
export interface ContactCategory {
  slug: string;
  title?: LocalizedText;
}

export interface ContactStatistics {
  since: Date;
  figures: ContactFigure[];
  totals: ReturnType<typeof totalsByChannel>;
  outcomes: { outcome: string; count: number }[];
}

/** The customer-centre form of a registration: the customer centre's fields and the service's. */
export interface RegistrationInput {
  tenant: Tenant;
  slug: string;
  /** The person found by the look-up, if any (else the form names the applicant or none). */
  personId?: string;
  form: Record<string, unknown>;
  answers: Answers;
  language: Language;
}

export interface CustomerCentreService {
  /** Finds a person by personnummer (audited, found or not); undefined when the register has none. */
  lookUp(actor: StaffActor, rawPin: unknown): Promise<{ personId: string } | undefined>;
  /** The person and their cases in the actor's municipality, as the policy allows (audited). */
  personOverview(actor: StaffActor, personId: string): Promise<PersonOverview>;
  /** The live services of the tenant that take cases from the customer centre, by title. */
  registrableServices(actor: StaffActor): Promise<LiveService[]>;
  /** One of those services; SERVICE_NOT_FOUND otherwise. */
  registrableService(actor: StaffActor, slug: string): Promise<LiveService>;
  /**
   * Registers a case on the person's behalf through the one intake, with the channel, how the
   * person was identified and their consent (required) on its first event, and a contact row for
   * the statistics; all in one transaction with its audit entry. VALIDATION_FAILED with every
   * field error (the customer centre's codes, the service's texts) when anything is missing.
   */
  register(actor: StaffActor, input: RegistrationInput): Promise<{ reference: string }>;
  /** The tenant's contact categories: its life events, then "other". */
  categories(actor: StaffActor): Promise<ContactCategory[]>;
  /** Closes a contact that needs no case (channel, category, outcome; never free text). */
  closeContact(actor: StaffActor, form: Record<string, unknown>): Promise<ClosedContact>;
  /** Contacts and registered cases per month, channel and category over the last `months`. */
  statistics(actor: StaffActor, months?: number): Promise<ContactStatistics>;
  /** Demo only: a few closed contacts of earlier months in a tenant that has none; how many. */
  seedDemo(tenantId: string): Promise<number>;
}

/** The demo's closed contacts: months back, channel, category (a demo life event), outcome. */
const DEMO_CONTACTS: [number, ClosedContact][] = [
  [1, { channel: 'phone', category: 'barn-och-skola', outcome: 'answeredFromKnowledgeBase' }],
  [1, { channel: 'phone', category: 'stod-och-omsorg', outcome: 'referredToEService' }],
  [1, { channel: 'visit', category: 'bygga-och-bo', outcome: 'gaveInformation' }],
  [2, { channel: 'email', category: 'trafik-och-gator', outcome: 'referredToEService' }],
  [2, { channel: 'phone', category: 'other', outcome: 'referredToOtherAuthority' }],
];

const CUSTOMER_CENTRE_ONLY = 'Only customer-centre staff';

function requireCustomerCentre(actor: StaffActor): void {
  if (!isCustomerCentre(actor)) throw new AppError('FORBIDDEN', CUSTOMER_CENTRE_ONLY);
}

function invalid(errors: ProblemFieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The registration is not complete', errors);
}

/** The intake's applicant fields, as the registration form names them. */
const INTAKE_FIELDS: Record<string, string> = {
  'applicant.personalIdentityNumber': 'ccPin',
  'applicant.name': 'ccGivenName',
  'applicant.contact.email': 'ccEmail',
  'applicant.contact.phone': 'ccPhone',
};

/** Applies the policy to one case: what the customer centre may say about it. */
function shown(actor: StaffActor, row: PersonCaseSummary, units: Map<string, string>): ShownCase | undefined {
  const view = caseView(actor, { ...row, confidential: row.confidential === true });
  const unitName = row.unitId ? (units.get(row.unitId) ?? null) : null;
  if (view === 'none') return undefined;
  if (view === 'existence') return { view, unitName };
  return {
    view,
    reference: row.reference,
    service: row.serviceTitle,
    status: residentStatusText(row.caseHandling ?? STANDARD_WORKFLOW, row.status, row.statusCategory),
    unitName,
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
  };
}

/** Builds the service. */
export function createCustomerCentreService(deps: CustomerCentreDeps): CustomerCentreService {
  const { db, now } = deps;
  const audit = (
    trx: Kysely<Database>,
    actor: StaffActor,
    action: string,
    extra: { caseId?: string; subjectPersonId?: string; details?: Record<string, unknown> },
  ) =>
    recordAudit(trx, { tenantId: actor.tenantId, actor: auditActorOf(actor), action, ...extra, at: now() });

  const categorySlugs = async (tenantId: string) =>
    (await deps.tenants.lifeEvents(tenantId)).map((event) => event.slug);

  const service: CustomerCentreService = {
    async lookUp(actor, rawPin) {
      requireCustomerCentre(actor);
      const parsed = parseLookup(rawPin);
      if ('error' in parsed) throw invalid([parsed.error]);
      const person = await deps.profile.personByNumber(parsed.personalIdentityNumber);
      // Who looked up whom, found or not (principle 6: reading personal data is logged).
      await audit(db, actor, 'customerCentre.personLookedUp', {
        subjectPersonId: person?.id,
        details: { found: Boolean(person) },
      });
      return person ? { personId: person.id } : undefined;
    },

    async personOverview(actor, personId) {
      requireCustomerCentre(actor);
      const person = await deps.profile.getProfile(personId);
      const [rows, units] = await Promise.all([
        deps.cases.caseSummariesOfPerson(actor.tenantId, personId),
        deps.organisation.unitNames(actor.tenantId),
      ]);
      const cases = rows.flatMap((row) => shown(actor, row, units) ?? []);
      await audit(db, actor, 'customerCentre.casesRead', {
        subjectPersonId: personId,
        details: { cases: cases.length },
      });
      const { id, givenName, familyName } = person;
      return { person: { id, givenName, familyName }, cases };
    },

    async registrableServices(actor) {
      requireCustomerCentre(actor);
      const live = await deps.catalogue.liveServices(actor.tenantId);
      return live.filter((one) => acceptsChannel(one.version.definition, 'customerCentre'));
    },

    async registrableService(actor, slug) {
      requireCustomerCentre(actor);
      const live = await deps.catalogue.liveService(actor.tenantId, slug);
      if (!acceptsChannel(live.version.definition, 'customerCentre')) throw new AppError('SERVICE_NOT_FOUND');
      return live;
    },

    async register(actor, input) {
      const live = await service.registrableService(actor, input.slug);
      if (input.tenant.id !== actor.tenantId) throw new AppError('FORBIDDEN', CUSTOMER_CENTRE_ONLY);
      const definition = live.version.definition;
      const parsed = parseRegistrationMeta(input.form, input.personId);
      const options = { today: swedishToday(now()), area: locationAreaOf(input.tenant) };
      const answerErrors = Object.values(validateAll(definition, input.answers, options))
        .flat()
        .map((error) => ({ field: error.inputName, message: error.message[input.language] }));
      const metaErrors = 'errors' in parsed ? parsed.errors : [];
      if ('errors' in parsed || answerErrors.length > 0) throw invalid([...metaErrors, ...answerErrors]);
      const { meta } = parsed;
      const known =
        meta.applicant.kind === 'known' ? await deps.profile.getProfile(meta.applicant.personId) : undefined;
      const prepared = await deps.cases
        .prepareCase({
          tenant: input.tenant,
          serviceVersionId: live.version.id,
          answers: input.answers,
          applicant: intakeApplicantOf(meta.applicant, known),
          channel: { channel: 'customerCentre', detail: meta.channel },
          registeredBy: { kind: 'staff', id: actor.staffId, label: actor.name },
          language: input.language,
          firstEventData: { identification: meta.identification, consent: true },
        })
        .catch((error: unknown) => {
          if (!(error instanceof AppError) || error.code !== 'INTAKE_INVALID') throw error;
          const errors = (error.errors ?? []).map((e) => ({
            ...e,
            field: INTAKE_FIELDS[e.field] ?? e.field,
          }));
          throw invalid(errors);
        });
      const category = categoryOfService(definition.lifeEvents, await categorySlugs(actor.tenantId));
      return db.transaction().execute(async (trx) => {
        const created = await deps.cases.openPreparedCase(trx, prepared);
        await insertContact(trx, {
          tenantId: actor.tenantId,
          channel: meta.channel,
          category,
          outcome: CASE_REGISTERED,
          caseId: created.id,
          at: now(),
        });
        await audit(trx, actor, 'customerCentre.caseRegistered', {
          caseId: created.id,
          subjectPersonId: known?.id,
          details: { channel: meta.channel, identification: meta.identification, consent: true },
        });
        return { reference: created.reference };
      });
    },

    async categories(actor) {
      if (!canReadContactStatistics(actor)) throw new AppError('FORBIDDEN', CUSTOMER_CENTRE_ONLY);
      const events = await deps.tenants.lifeEvents(actor.tenantId);
      return [...events.map((event) => ({ slug: event.slug, title: event.title })), { slug: OTHER_CATEGORY }];
    },

    async closeContact(actor, form) {
      requireCustomerCentre(actor);
      const parsed = parseClosedContact(form, await categorySlugs(actor.tenantId));
      if ('errors' in parsed) throw invalid(parsed.errors);
      const { contact } = parsed;
      await db.transaction().execute(async (trx) => {
        await insertContact(trx, { tenantId: actor.tenantId, ...contact, caseId: null, at: now() });
        await audit(trx, actor, 'customerCentre.contactClosed', { details: { ...contact } });
      });
      return contact;
    },

    async statistics(actor, months = 12) {
      if (!canReadContactStatistics(actor)) throw new AppError('FORBIDDEN', CUSTOMER_CENTRE_ONLY);
      const at = now();
      const since = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - (months - 1), 1));
      const [figures, outcomes] = await Promise.all([
        selectContactFigures(db, actor.tenantId, since),
        selectOutcomeFigures(db, actor.tenantId, since),
      ]);
      const sorted = sortFigures(figures);
      return { since, figures: sorted, totals: totalsByChannel(sorted), outcomes };
    },

    async seedDemo(tenantId) {
      if (await hasContacts(db, tenantId)) return 0;
      const known = await categorySlugs(tenantId);
      const at = now();
      for (const [monthsBack, contact] of DEMO_CONTACTS) {
        const when = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - monthsBack, 15, 10));
        const category = known.includes(contact.category) ? contact.category : OTHER_CATEGORY;
        await insertContact(db, { tenantId, ...contact, category, caseId: null, at: when });
      }
      return DEMO_CONTACTS.length;
    },
  };
  return service;
}
