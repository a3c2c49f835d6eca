/**
 * Representatives (ombud) and guardians (vårdnadshavare), issue #13: a resident appoints and
 * revokes representatives; a representative switches to acting for someone and then reaches only
 * the services granted, while in force. Every appointment and revocation is in the audit log of the
 * municipality it concerns; acts on cases are recorded by the modules that do them (residentActing).
 */
import type { Kysely } from 'kysely';
import type { Database, RepresentationKind } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActingFor } from '../../platform/identity/model.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { swedishToday } from '../forms/validate-step.ts';
import type { ProfileService } from '../profile/service.ts';
import {
  type AppointmentInput,
  activeGrants,
  checkAppointment,
  type FieldProblem,
  type Representation,
  type RepresentationState,
  representationState,
  sameFamilyName,
  strongestKind,
} from './model.ts';
import {
  deleteRepresentations,
  insertRepresentation,
  revokeRepresentation,
  selectEveryRepresentationOf,
  selectRepresentationsHeldBy,
  selectRepresentationsOfPrincipal,
} from './store.ts';

/** The resident who appoints or revokes (their own person). */
export interface Principal {
  personId: string;
  name: string;
  personalIdentityNumber: string;
}

/** A representation as the principal's page lists it. */
export interface RepresentationView extends Representation {
  state: RepresentationState;
  representativeName: string;
  tenantName: string;
  /** Titles of the services covered; empty when every service is. */
  serviceTitles: { sv: string; en: string }[];
}

/** A representation seen from one party: given by them, or held by them for someone else. */
export interface PartyRepresentation extends Representation {
  side: 'given' | 'held';
  state: RepresentationState;
  /** The representative's name for a given one, the principal's for a held one. */
  otherName: string;
  tenantName: string;
}

/** A municipality's live services, for the appointment form's choices. */
export interface TenantServices {
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  services: { id: string; title: { sv: string; en: string } }[];
}

/** Someone the representative may act for now. */
export interface PrincipalChoice {
  personId: string;
  name: string;
  kind: RepresentationKind;
}

/** The acting state of a session: the principal and what the representative may do. */
export interface ActingState {
  principal: { personId: string; givenName: string; familyName: string };
  acting: ActingFor;
}

export interface RepresentativeDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'list' | 'byId'>;
  catalogue: Pick<CatalogueService, 'liveServices'>;
  profile: Pick<ProfileService, 'personByNumber' | 'ensurePerson' | 'getProfile'>;
  cases: Pick<CaseService, 'actsOnBehalfOf'>;
  now: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds the service. */
export function createRepresentativeService(deps: RepresentativeDeps) {
  const { db, now } = deps;
  const today = () => swedishToday(now());

  async function namesOf(personIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(personIds)];
    const profiles = await Promise.all(unique.map((id) => deps.profile.getProfile(id)));
    return new Map(profiles.map((p, i) => [unique[i] as string, `${p.givenName} ${p.familyName}`]));
  }

  async function servicesByTenant(): Promise<TenantServices[]> {
    const tenants = await deps.tenants.list();
    return Promise.all(
      tenants.map(async (tenant) => ({
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        tenantName: tenant.name,
        services: (await deps.catalogue.liveServices(tenant.id)).map((live) => ({
          id: live.serviceId,
          title: live.version.definition.title,
        })),
      })),
    );
  }

  function refuse(problems: FieldProblem[]): never {
    throw new AppError('VALIDATION_FAILED', 'The appointment is not valid', problems);
  }

  return {
    /** Every municipality's live services, for the appointment form. */
    servicesByTenant,

    /** The representations a person has given or has (as a child), with names and state. */
    async representationsOf(principalPersonId: string): Promise<RepresentationView[]> {
      const rows = await selectRepresentationsOfPrincipal(db, principalPersonId);
      const [names, tenants] = await Promise.all([
        namesOf(rows.map((row) => row.representativePersonId)),
        servicesByTenant(),
      ]);
      const day = today();
      return rows.map((row) => {
        const tenant = tenants.find((item) => item.tenantId === row.tenantId);
        const titles = (row.serviceIds ?? []).map(
          (id) => tenant?.services.find((service) => service.id === id)?.title ?? { sv: id, en: id },
        );
        return {
          ...row,
          state: representationState(row, day),
          representativeName: names.get(row.representativePersonId) ?? '',
          tenantName: tenant?.tenantName ?? '',
          serviceTitles: titles,
        };
      });
    },

    /**
     * Every representation the person is party to, given (as principal) or held (as representative
     * or guardian), revoked and expired ones too, with the other party's name (issue #14).
     */
    async representationsOfParty(personId: string): Promise<PartyRepresentation[]> {
      const rows = await selectEveryRepresentationOf(db, personId);
      const others = rows.map((row) =>
        row.principalPersonId === personId ? row.representativePersonId : row.principalPersonId,
      );
      const [names, tenants] = await Promise.all([namesOf(others), deps.tenants.list()]);
      const day = today();
      return rows.map((row, index) => ({
        ...row,
        side: row.principalPersonId === personId ? 'given' : 'held',
        state: representationState(row, day),
        otherName: names.get(others[index] as string) ?? '',
        tenantName: tenants.find((tenant) => tenant.id === row.tenantId)?.name ?? '',
      }));
    },

    /**
     * Deletes the person's representations that are no longer in force (revoked or expired), inside
     * the caller's transaction, when their profile is deleted; those in force are left (issue #14).
     */
    async deleteEndedOf(personId: string, trx: Kysely<Database>): Promise<number> {
      const rows = await selectEveryRepresentationOf(trx, personId);
      const day = today();
      const ended = rows.filter((row) => ['revoked', 'expired'].includes(representationState(row, day)));
      return deleteRepresentations(
        trx,
        ended.map((row) => row.id),
      );
    },

    /**
     * Appoints a representative in one municipality (VALIDATION_FAILED with field problems). A
     * person never seen before is created from the personnummer and the name given.
     */
    async appoint(principal: Principal, tenantId: string, input: AppointmentInput): Promise<string> {
      const tenants = await servicesByTenant();
      const tenant = tenants.find((item) => item.tenantId === tenantId);
      if (!tenant) refuse([{ field: 'tenantId', message: 'scopeMissing' }]);
      const checked = checkAppointment(input, {
        ownNumber: principal.personalIdentityNumber,
        knownServiceIds: tenant.services.map((service) => service.id),
        today: today(),
      });
      if (!checked.ok) refuse(checked.problems);
      const { appointment } = checked;
      const known = await deps.profile.personByNumber(appointment.personalIdentityNumber);
      if (known && !sameFamilyName(known.familyName, appointment.familyName))
        refuse([{ field: 'familyName', message: 'nameMismatch' }]);
      return db.transaction().execute(async (trx) => {
        const person = known ?? (await deps.profile.ensurePerson(appointment, trx));
        const row = await insertRepresentation(trx, {
          tenantId,
          principalPersonId: principal.personId,
          representativePersonId: person.id,
          kind: 'representative',
          serviceIds: appointment.serviceIds,
          validFrom: appointment.validFrom,
          validTo: appointment.validTo,
          createdByPersonId: principal.personId,
        });
        await recordAudit(trx, {
          tenantId,
          actor: { staffId: null, personId: principal.personId, name: principal.name, unitNames: [] },
          action: 'representation.appointed',
          subjectPersonId: principal.personId,
          details: {
            representationId: row.id,
            representativePersonId: person.id,
            serviceIds: appointment.serviceIds,
            validFrom: appointment.validFrom,
            validTo: appointment.validTo,
          },
          at: now(),
        });
        return row.id;
      });
    },

    /** Revokes one of the principal's appointed representations; NOT_FOUND otherwise. */
    async revoke(principal: Principal, representationId: string): Promise<void> {
      if (!UUID.test(representationId)) throw new AppError('NOT_FOUND');
      await db.transaction().execute(async (trx) => {
        const at = now();
        const row = await revokeRepresentation(trx, representationId, principal.personId, at);
        if (!row) throw new AppError('NOT_FOUND');
        await recordAudit(trx, {
          tenantId: row.tenantId,
          actor: { staffId: null, personId: principal.personId, name: principal.name, unitNames: [] },
          action: 'representation.revoked',
          subjectPersonId: principal.personId,
          details: { representationId: row.id, representativePersonId: row.representativePersonId },
          at,
        });
      });
    },

    /** The people a person may act for today, by name. */
    async principalsOf(representativePersonId: string): Promise<PrincipalChoice[]> {
      const rows = await selectRepresentationsHeldBy(db, representativePersonId);
      const day = today();
      const active = rows.filter((row) => representationState(row, day) === 'active');
      const ids = [...new Set(active.map((row) => row.principalPersonId))];
      const names = await namesOf(ids);
      return ids
        .map((personId) => ({
          personId,
          name: names.get(personId) ?? '',
          kind: strongestKind(active.filter((row) => row.principalPersonId === personId)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    },

    /**
     * What a representative may do for the principal today, or undefined when nothing is in force
     * (never granted, revoked, expired or not yet started): checked on every request.
     */
    async actingState(
      representative: { personId: string; name: string },
      principalPersonId: string,
    ): Promise<ActingState | undefined> {
      if (!UUID.test(principalPersonId)) return undefined;
      const rows = await selectRepresentationsHeldBy(db, representative.personId, principalPersonId);
      const day = today();
      const grants = activeGrants(rows, day);
      if (grants.length === 0) return undefined;
      const principal = await deps.profile.getProfile(principalPersonId);
      const active = rows.filter((row) => representationState(row, day) === 'active');
      return {
        principal: {
          personId: principalPersonId,
          givenName: principal.givenName,
          familyName: principal.familyName,
        },
        acting: {
          representativePersonId: representative.personId,
          representativeName: representative.name,
          kind: strongestKind(active),
          grants,
        },
      };
    },

    /** What representatives did in the person's cases, newest first (the principal's page). */
    actsFor: (principalPersonId: string) => deps.cases.actsOnBehalfOf(principalPersonId),

    /**
     * The demo (exempelstad): Anna is guardian of Elsa and Leo for school transport, and Margit has
     * appointed Erik her representative for färdtjänst. Idempotent; resolves to rows added.
     */
    async seedDemo(tenantId: string): Promise<number> {
      const live = await deps.catalogue.liveServices(tenantId);
      const idOf = (slug: string) => live.find((service) => service.slug === slug)?.serviceId;
      const person = (personalIdentityNumber: string, givenName: string, familyName: string) =>
        deps.profile.ensurePerson({ personalIdentityNumber, givenName, familyName });
      const anna = await person('198501012382', 'Anna', 'Andersson');
      const school = idOf('skolskjuts');
      let added = 0;
      for (const child of [
        await person('201601022385', 'Elsa', 'Andersson'),
        await person('201301012397', 'Leo', 'Andersson'),
      ]) {
        if (!school) break;
        const base = { tenantId, guardianPersonId: anna.id, childPersonId: child.id };
        if (
          await this.registerGuardian({
            ...base,
            serviceIds: [school],
            validFrom: '2020-01-01',
            validTo: null,
          })
        )
          added++;
      }
      const transport = idOf('fardtjanst');
      const margit = await person('193801029202', 'Margit', 'Lindqvist');
      const erik = await person('197901012398', 'Erik', 'Eriksson');
      const held = await selectRepresentationsHeldBy(db, erik.id, margit.id);
      if (transport && held.length === 0) {
        await insertRepresentation(db, {
          tenantId,
          principalPersonId: margit.id,
          representativePersonId: erik.id,
          kind: 'representative',
          serviceIds: [transport],
          validFrom: '2026-01-01',
          validTo: null,
          createdByPersonId: margit.id,
        });
        added++;
      }
      return added;
    },

    /**
     * Records a guardianship (vårdnadshavare). Only the demo seed calls this: in production it
     * would come from the population register (Navet), which is out of scope (decision 0028).
     */
    async registerGuardian(input: {
      tenantId: string;
      guardianPersonId: string;
      childPersonId: string;
      serviceIds: string[] | null;
      validFrom: string;
      validTo: string | null;
    }): Promise<boolean> {
      const held = await selectRepresentationsHeldBy(db, input.guardianPersonId, input.childPersonId);
      if (held.some((row) => row.kind === 'guardian' && row.tenantId === input.tenantId)) return false;
      await insertRepresentation(db, {
        tenantId: input.tenantId,
        principalPersonId: input.childPersonId,
        representativePersonId: input.guardianPersonId,
        kind: 'guardian',
        serviceIds: input.serviceIds,
        validFrom: input.validFrom,
        validTo: input.validTo,
        createdByPersonId: null,
      });
      return true;
    },
  };
}

export type RepresentativeService = ReturnType<typeof createRepresentativeService>;
