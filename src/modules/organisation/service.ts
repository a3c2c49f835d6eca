/**
 * Organisation use cases: who is staff in a tenant and in which units, which unit handles which
 * service, and the admin's changes to all of that (each one transaction with its audit entry).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  type AuditActor,
  type AuditRow,
  auditOfCase,
  auditOfPerson,
  findAuditCase,
  recordAudit,
} from '../../platform/audit/audit-log.ts';
import { AppError, type ProblemFieldError } from '../../platform/errors.ts';
import {
  type AuditQuery,
  type AuditSearch,
  type AuditUse,
  cleanUnitName,
  isAdmin,
  isUuid,
  parseAuditQuery,
  readsAuditLog,
  type StaffActor,
  type StaffInput,
  validateStaffForm,
} from './model.ts';
import {
  deleteMembership,
  insertMembership,
  insertUnit,
  selectHandlingUnit,
  selectServiceHandling,
  selectStaff,
  selectStaffActor,
  selectStaffMember,
  selectStaffTenantIds,
  selectStaffUnitIds,
  selectUnit,
  selectUnitByName,
  selectUnitMembers,
  selectUnits,
  updateUnitName,
  upsertServiceHandling,
  upsertStaffMember,
} from './store.ts';

export type { AuditQuery, AuditSearch, AuditUse, StaffActor, StaffInput };
export { parseAuditQuery, validateStaffForm };

/** What organisation needs from the profile module: a person for a personnummer. */
export interface PersonDirectory {
  ensurePerson(identity: {
    personalIdentityNumber: string;
    givenName: string;
    familyName: string;
  }): Promise<{ id: string }>;
  /** The person with this personnummer, found by its keyed hash (decision 0034), inside `trx` when given. */
  personByNumber(personalIdentityNumber: string, trx?: Kysely<Database>): Promise<{ id: string } | undefined>;
}

/** What organisation needs from the catalogue: whether a service is the tenant's. */
export interface ServiceDirectory {
  isServiceOfTenant(tenantId: string, serviceId: string): Promise<boolean>;
}

/** Called inside the transaction that moves a service to another unit (cases move their open cases). */
export type ServiceUnitChanged = (
  trx: Transaction<Database>,
  change: { tenantId: string; serviceId: string; unitId: string },
) => Promise<number>;

export type Organisation = {
  units: Awaited<ReturnType<typeof selectUnits>>;
  staff: Awaited<ReturnType<typeof selectStaff>>;
  handling: Awaited<ReturnType<typeof selectServiceHandling>>;
};

export interface OrganisationService {
  /** The active staff member for a person in a tenant, with units; undefined if not staff there. */
  staffActor(tenantId: string, personId: string): Promise<StaffActor | undefined>;
  /** The tenants where the person is a staff member, active or not (a staff member's profile stays, issue #14). */
  staffTenantsOf(personId: string): Promise<string[]>;
  /** The unit handling a service (inside the caller's transaction when given). */
  handlingUnitOf(serviceId: string, trx?: Kysely<Database>): Promise<string | null>;
  /** The tenant's unit of that name, if any (a fault category's unit; inside the caller's transaction when given). */
  unitIdByName(tenantId: string, name: string, trx?: Kysely<Database>): Promise<string | undefined>;
  /** Active members of a unit, for "assign to" (inside the caller's transaction when given). */
  unitMembers(unitId: string, trx?: Kysely<Database>): Promise<Awaited<ReturnType<typeof selectUnitMembers>>>;
  /** Ids of the services the actor's units handle (queue filters). */
  handledServiceIds(actor: StaffActor): Promise<string[]>;
  /** The names of the tenant's units by id (a case summary's "unit to contact", issue #13). */
  unitNames(tenantId: string): Promise<Map<string, string>>;
  /** Which unit handles which service in the tenant (the record of processing's recipients, issue #14). */
  serviceHandling(tenantId: string): Promise<{ serviceId: string; unitId: string }[]>;
  /** Units, staff and service handling of the actor's tenant (admins only). */
  overview(actor: StaffActor): Promise<Organisation>;
  createUnit(actor: StaffActor, name: unknown): Promise<string>;
  renameUnit(actor: StaffActor, unitId: string, name: unknown): Promise<void>;
  /** Adds or updates a staff member (admins only). */
  saveStaff(actor: StaffActor, input: StaffInput): Promise<string>;
  setMembership(actor: StaffActor, unitId: string, staffId: string, member: boolean): Promise<void>;
  /** Makes a unit handle a service; its open cases move along in the same transaction. */
  setServiceUnit(actor: StaffActor, serviceId: string, unitId: string): Promise<number>;
  /** Validates the admin's staff form (Swedish field codes as `message`), then saves the staff member. */
  saveStaffForm(actor: StaffActor, form: Record<string, unknown>): Promise<string>;
  /** Sets a staff member's units to exactly `unitIds`, each change through `setMembership`. */
  setUnitsOfStaff(
    actor: StaffActor,
    staffId: string,
    unitIds: string[],
  ): Promise<{ added: number; removed: number }>;
  /** The names of the tenant's units and staff, for reading the audit log (its readers only). */
  names(actor: StaffActor): Promise<{ units: NamedId[]; staff: NamedId[] }>;
  /**
   * The audit log of a case (by reference) or a person (by personnummer), for administrators and the
   * data protection officer; the read is itself audited.
   */
  auditLog(actor: StaffActor, search: AuditSearch, use: AuditUse): Promise<AuditLogResult>;
  /** Seeding and CLI: ensure a unit exists by name. */
  ensureUnit(tenantId: string, name: string): Promise<string>;
  /** Seeding and CLI: staff without an acting admin. */
  seedStaff(tenantId: string, input: StaffInput, unitIds: string[]): Promise<string>;
  /** Seeding and CLI: which unit handles a service, without an acting admin. */
  seedServiceUnit(tenantId: string, serviceId: string, unitId: string): Promise<void>;
}

export interface NamedId {
  id: string;
  name: string;
}

export interface AuditLogResult {
  query: AuditQuery;
  entries: AuditRow[];
}

function invalid(errors: ProblemFieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The form is not valid', errors);
}

/** The audit view of a staff actor. */
export function auditActorOf(actor: StaffActor): AuditActor {
  return {
    staffId: actor.staffId,
    personId: actor.personId,
    name: actor.name,
    unitNames: actor.unitNames,
    role: actor.role,
  };
}

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage the organisation');
}

function validName(raw: unknown): string {
  const cleaned = cleanUnitName(raw);
  if ('error' in cleaned) {
    throw new AppError('VALIDATION_FAILED', 'The unit name is not valid', [
      { field: 'name', message: cleaned.error },
    ]);
  }
  return cleaned.name;
}

export function createOrganisationService(
  db: Kysely<Database>,
  people: PersonDirectory,
  catalogue: ServiceDirectory,
  now: () => Date,
  onServiceUnitChanged: ServiceUnitChanged,
): OrganisationService {
  const audit = (
    trx: Kysely<Database>,
    actor: StaffActor,
    action: string,
    details: Record<string, unknown>,
  ) => recordAudit(trx, { tenantId: actor.tenantId, actor: auditActorOf(actor), action, details, at: now() });

  const unitOfTenant = async (trx: Kysely<Database>, tenantId: string, unitId: string) => {
    const unit = isUuid(unitId) ? await selectUnit(trx, tenantId, unitId) : undefined;
    if (!unit) throw new AppError('NOT_FOUND');
    return unit;
  };

  // The person is found or created before the transaction: the profile service uses the root handle.
  const upsertStaff = (trx: Kysely<Database>, tenantId: string, personId: string, input: StaffInput) =>
    upsertStaffMember(trx, { tenantId, personId, role: input.role, active: input.active });

  // Reads the log and records the reading in one transaction (reading personal data is logged).
  const readAudit = async (trx: Kysely<Database>, actor: StaffActor, query: AuditQuery, use: AuditUse) => {
    const action = use === 'view' ? 'audit.viewed' : 'audit.exported';
    const details = use === 'view' ? {} : { format: use };
    const entry = { tenantId: actor.tenantId, actor: auditActorOf(actor), action, at: now() };
    if ('caseReference' in query) {
      const found = await findAuditCase(trx, actor.tenantId, query.caseReference);
      if (!found) throw invalid([{ field: 'caseReference', message: 'caseNotFound' }]);
      const entries = await auditOfCase(trx, actor.tenantId, found.id);
      await recordAudit(trx, {
        ...entry,
        caseId: found.id,
        subjectPersonId: found.applicantPersonId,
        details,
      });
      return entries;
    }
    const person = await people.personByNumber(query.personalIdentityNumber, trx);
    const entries = person ? await auditOfPerson(trx, actor.tenantId, person.id) : [];
    await recordAudit(trx, {
      ...entry,
      subjectPersonId: person?.id ?? null,
      details: { ...details, scope: 'person' },
    });
    return entries;
  };

  const service: OrganisationService = {
    staffTenantsOf: (personId) => selectStaffTenantIds(db, personId),
    async staffActor(tenantId, personId) {
      const row = await selectStaffActor(db, tenantId, personId);
      if (!row) return undefined;
      return {
        staffId: row.id,
        personId: row.personId,
        tenantId: row.tenantId,
        name: `${row.givenName} ${row.familyName}`,
        role: row.role,
        unitIds: row.unitIds,
        unitNames: row.unitNames,
      };
    },
    handlingUnitOf: (serviceId, trx) => selectHandlingUnit(trx ?? db, serviceId),
    unitIdByName: async (tenantId, name, trx) => (await selectUnitByName(trx ?? db, tenantId, name))?.id,
    unitMembers: (unitId, trx) => selectUnitMembers(trx ?? db, unitId),
    unitNames: async (tenantId) => new Map((await selectUnits(db, tenantId)).map((u) => [u.id, u.name])),
    serviceHandling: (tenantId) => selectServiceHandling(db, tenantId),
    async handledServiceIds(actor) {
      const handling = await selectServiceHandling(db, actor.tenantId);
      return handling.filter((row) => actor.unitIds.includes(row.unitId)).map((row) => row.serviceId);
    },

    async names(actor) {
      if (!readsAuditLog(actor)) throw new AppError('FORBIDDEN', 'Only administrators and the DPO');
      const [units, staff] = await Promise.all([
        selectUnits(db, actor.tenantId),
        selectStaff(db, actor.tenantId),
      ]);
      return {
        units: units.map((unit) => ({ id: unit.id, name: unit.name })),
        staff: staff.map((member) => ({ id: member.id, name: `${member.givenName} ${member.familyName}` })),
      };
    },

    async overview(actor) {
      requireAdmin(actor);
      const [units, staff, handling] = await Promise.all([
        selectUnits(db, actor.tenantId),
        selectStaff(db, actor.tenantId),
        selectServiceHandling(db, actor.tenantId),
      ]);
      return { units, staff, handling };
    },

    async createUnit(actor, rawName) {
      requireAdmin(actor);
      const name = validName(rawName);
      return db.transaction().execute(async (trx) => {
        if (await selectUnitByName(trx, actor.tenantId, name)) {
          throw new AppError('VALIDATION_FAILED', 'A unit with that name exists', [
            { field: 'name', message: 'unitNameTaken' },
          ]);
        }
        const id = await insertUnit(trx, actor.tenantId, name);
        await audit(trx, actor, 'unit.created', { unitId: id, name });
        return id;
      });
    },

    async renameUnit(actor, unitId, rawName) {
      requireAdmin(actor);
      const name = validName(rawName);
      await db.transaction().execute(async (trx) => {
        const unit = await unitOfTenant(trx, actor.tenantId, unitId);
        const clash = await selectUnitByName(trx, actor.tenantId, name);
        if (clash && clash.id !== unitId) {
          throw new AppError('VALIDATION_FAILED', 'A unit with that name exists', [
            { field: 'name', message: 'unitNameTaken' },
          ]);
        }
        await updateUnitName(trx, unitId, name);
        await audit(trx, actor, 'unit.renamed', { unitId, from: unit.name, to: name });
      });
    },

    async saveStaff(actor, input) {
      requireAdmin(actor);
      const person = await people.ensurePerson(input);
      if (person.id === actor.personId && (input.role !== 'admin' || !input.active)) {
        // An admin cannot lock the tenant out of its own administration by demoting themself.
        throw new AppError('VALIDATION_FAILED', 'You cannot remove your own admin role', [
          { field: 'role', message: 'ownAdminRole' },
        ]);
      }
      return db.transaction().execute(async (trx) => {
        const staffId = await upsertStaff(trx, actor.tenantId, person.id, input);
        await audit(trx, actor, 'staff.saved', { staffId, role: input.role, active: input.active });
        return staffId;
      });
    },

    async setMembership(actor, unitId, staffId, member) {
      requireAdmin(actor);
      await db.transaction().execute(async (trx) => {
        await unitOfTenant(trx, actor.tenantId, unitId);
        const staff = isUuid(staffId) ? await selectStaffMember(trx, actor.tenantId, staffId) : undefined;
        if (!staff) throw new AppError('NOT_FOUND');
        if (member) await insertMembership(trx, { tenantId: actor.tenantId, unitId, staffMemberId: staffId });
        else await deleteMembership(trx, unitId, staffId);
        await audit(trx, actor, member ? 'unit.memberAdded' : 'unit.memberRemoved', { unitId, staffId });
      });
    },

    async setServiceUnit(actor, serviceId, unitId) {
      requireAdmin(actor);
      // Another tenant's service id must never be pulled into this tenant's units.
      if (!(await catalogue.isServiceOfTenant(actor.tenantId, serviceId))) throw new AppError('NOT_FOUND');
      return db.transaction().execute(async (trx) => {
        await unitOfTenant(trx, actor.tenantId, unitId);
        await upsertServiceHandling(trx, { tenantId: actor.tenantId, serviceId, unitId });
        const moved = await onServiceUnitChanged(trx, { tenantId: actor.tenantId, serviceId, unitId });
        await audit(trx, actor, 'service.unitChanged', { serviceId, unitId, openCasesMoved: moved });
        return moved;
      });
    },

    async saveStaffForm(actor, form) {
      requireAdmin(actor);
      const checked = validateStaffForm(form);
      if ('errors' in checked) throw invalid(checked.errors);
      return service.saveStaff(actor, checked.input);
    },

    async setUnitsOfStaff(actor, staffId, unitIds) {
      requireAdmin(actor);
      if (!isUuid(staffId)) throw new AppError('NOT_FOUND');
      const [current, units] = await Promise.all([
        selectStaffUnitIds(db, actor.tenantId, staffId),
        selectUnits(db, actor.tenantId),
      ]);
      const wanted = new Set(unitIds);
      if (!current || [...wanted].some((id) => !units.some((unit) => unit.id === id)))
        throw new AppError('NOT_FOUND');
      const added = [...wanted].filter((id) => !current.includes(id));
      const removed = current.filter((id) => !wanted.has(id));
      for (const unitId of added) await service.setMembership(actor, unitId, staffId, true);
      for (const unitId of removed) await service.setMembership(actor, unitId, staffId, false);
      return { added: added.length, removed: removed.length };
    },

    async auditLog(actor, search, use) {
      if (!readsAuditLog(actor)) throw new AppError('FORBIDDEN', 'Only administrators and the DPO');
      const parsed = parseAuditQuery(search);
      if ('errors' in parsed) throw invalid(parsed.errors);
      const entries = await db.transaction().execute((trx) => readAudit(trx, actor, parsed.query, use));
      return { query: parsed.query, entries };
    },

    async ensureUnit(tenantId, name) {
      const existing = await selectUnitByName(db, tenantId, name);
      return existing ? existing.id : insertUnit(db, tenantId, name);
    },

    async seedStaff(tenantId, input, unitIds) {
      const person = await people.ensurePerson(input);
      return db.transaction().execute(async (trx) => {
        const staffId = await upsertStaff(trx, tenantId, person.id, input);
        for (const unitId of unitIds)
          await insertMembership(trx, { tenantId, unitId, staffMemberId: staffId });
        return staffId;
      });
    },

    async seedServiceUnit(tenantId, serviceId, unitId) {
      await db.transaction().execute(async (trx) => {
        await upsertServiceHandling(trx, { tenantId, serviceId, unitId });
        await onServiceUnitChanged(trx, { tenantId, serviceId, unitId });
      });
    },
  };
  return service;
}
