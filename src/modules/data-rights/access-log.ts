/**
 * "Who read my cases" (issue #14): the audit log's reads of the resident's cases, across every
 * municipality, in each municipality's chosen form (names shown or not, decision 0032).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type AccessRow, accessesOf } from '../../platform/audit/audit-log.ts';
import type { LocalizedText } from '../../platform/i18n/i18n.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CaseService } from '../cases/service.ts';
import {
  ACCESS_ACTIONS,
  type AccessEntry,
  accessEntry,
  CASE_READ_ACTIONS,
  showsOfficerNames,
} from './model.ts';

/** The reads of one case. */
export interface CaseAccess {
  reference: string;
  municipality: string;
  service: LocalizedText;
  /** Newest first. */
  entries: AccessEntry[];
}

/** Reads about the person without a case, with the municipality they were made in. */
export type PersonAccess = AccessEntry & { municipality: string };

/** Everything the access log page shows. */
export interface AccessLog {
  cases: CaseAccess[];
  /** Newest first. */
  aboutYou: PersonAccess[];
}

export interface AccessLogDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'list' | 'byId'>;
  cases: Pick<CaseService, 'everyCaseOfPerson' | 'caseForResident'>;
}

const newestFirst = (a: { at: Date }, b: { at: Date }) => b.at.getTime() - a.at.getTime();

/** Builds the access log reads. */
export function createAccessLog(deps: AccessLogDeps) {
  /** Each read as the resident sees it, in its tenant's chosen form, with its case id (null: about the person). */
  function shown(rows: AccessRow[], tenantOf: (row: AccessRow) => Tenant | undefined) {
    return rows.flatMap((row) => {
      const tenant = tenantOf(row);
      const entry = tenant && accessEntry(row, showsOfficerNames(tenant.settings));
      return entry ? [{ caseId: row.caseId, tenant, entry }] : [];
    });
  }

  return {
    /** Every case of the person with its reads, and the reads about them, across every tenant. */
    async accessLogOf(personId: string): Promise<AccessLog> {
      const [cases, tenants] = await Promise.all([
        deps.cases.everyCaseOfPerson(personId),
        deps.tenants.list(),
      ]);
      const rows = await accessesOf(deps.db, {
        cases: cases.map((item) => ({ tenantId: item.tenantId, caseId: item.id })),
        person: { personId, tenantIds: tenants.map((tenant) => tenant.id) },
        actions: ACCESS_ACTIONS,
      });
      const caseTenant = new Map(cases.map((item) => [item.id, item.tenantId]));
      const reads = shown(rows, (row) =>
        tenants.find((tenant) => tenant.id === (row.caseId ? caseTenant.get(row.caseId) : row.tenantId)),
      );
      return {
        cases: cases.map((item) => ({
          reference: item.reference,
          municipality: item.tenantName,
          service: item.serviceTitle,
          entries: reads.flatMap((read) => (read.caseId === item.id ? [read.entry] : [])).sort(newestFirst),
        })),
        aboutYou: reads
          .flatMap((read) =>
            read.caseId === null ? [{ ...read.entry, municipality: read.tenant.name }] : [],
          )
          .sort(newestFirst),
      };
    },

    /** The reads of one of the person's own cases; CASE_NOT_FOUND for anyone else's. */
    async accessLogOfCase(personId: string, reference: string): Promise<CaseAccess> {
      const details = await deps.cases.caseForResident({ personId, sessionId: null }, reference);
      const rows = await accessesOf(deps.db, {
        cases: [{ tenantId: details.tenant.id, caseId: details.case.id }],
        actions: CASE_READ_ACTIONS,
      });
      return {
        reference: details.case.reference,
        municipality: details.tenant.name,
        service: details.version.definition.title,
        entries: shown(rows, () => details.tenant)
          .map((read) => read.entry)
          .sort(newestFirst),
      };
    },
  };
}

export type AccessLogReads = ReturnType<typeof createAccessLog>;
