/**
 * Fault reports (issue #11; docs/fault-reports.md, decision 0015): the place and category of every
 * report in `fault_report`, written with its case; the reporter following it and answering "not
 * fixed"; the public list of open reports; reports near a point. Open311, sensors, duplicates and the
 * map build on these functions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { CaseHandlingService } from '../case-handling/service.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { LocalizedText } from '../forms/definition.ts';
import {
  createDuplicates,
  type DuplicatePanel,
  type DuplicateSuggestion,
  type MergeProblem,
} from './duplicates.ts';
import { selectReportsForExport } from './export-store.ts';
import { createFollow, type FollowedReport } from './follow.ts';
import {
  categoryLabel,
  coarse,
  distanceMeters,
  faultReportOf,
  publicStatusText,
  reporterEmail,
} from './model.ts';
import {
  type FaultReportRow,
  type OpenReportCursor,
  type ReportFilter,
  type ReportListRow,
  selectAnyReport,
  selectFaultReport,
  selectNearbyOpenReports,
  selectOpenReports,
  selectPublicReport,
  selectReports,
} from './store.ts';

export type {
  DuplicatePanel,
  DuplicateSuggestion,
  FaultReportRow,
  FollowedReport,
  MergeProblem,
  OpenReportCursor,
  ReportFilter,
  ReportListRow,
};

export interface FaultReportDeps {
  db: Kysely<Database>;
  cases: Pick<CaseService, 'caseDetailsById' | 'caseForResident' | 'caseRow' | 'caseRows'>;
  caseHandling: Pick<CaseHandlingService, 'systemCase' | 'recordEvent' | 'enterStatus' | 'notifyResident'>;
  catalogue: Pick<CatalogueService, 'liveServices'>;
  now: () => Date;
}

/** A category of the tenant's live fault report services, for filters and labels. */
export interface FaultCategoryChoice {
  code: string;
  label: LocalizedText;
}

/** An open report as anyone may see it: category, a coarse place, status and dates — no free text. */
export interface PublicReport {
  /** The case reference (Open311's `service_request_id`): the report's public page. */
  reference: string;
  category: LocalizedText;
  categoryCode: string;
  /** Rounded to three decimals, or null for a report given as an address only. */
  place: { latitude: number; longitude: number } | null;
  status: LocalizedText;
  submittedAt: Date;
  updatedAt: Date;
}

export interface OpenReportPage {
  reports: PublicReport[];
  /** The categories anyone may filter the list by (read with the page's labels). */
  categories: FaultCategoryChoice[];
  /** Where the next (older) page starts; undefined on the last page. */
  next: OpenReportCursor | undefined;
}

/** An open report near a point: exact coordinates (round them with `coarse` before showing anyone). */
export interface NearbyReport {
  caseId: string;
  reference: string;
  category: string;
  latitude: number;
  longitude: number;
  distanceMeters: number;
  status: string;
  statusCategory: FaultReportRow['statusCategory'];
  submittedAt: Date;
}

/** The longest radius and the most rows `nearbyOpenReports` answers. */
export const NEARBY_MAX_RADIUS_M = 50_000;
export const NEARBY_MAX_LIMIT = 500;

function invalidQuery(field: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid ${field}`, [{ field, message: 'invalid' }]);
}

export function createFaultReportService(deps: FaultReportDeps) {
  const { db } = deps;
  const follow = createFollow(deps);
  const duplicates = createDuplicates(deps);

  /** The categories of the tenant's live fault report services, by code (the first label wins). */
  async function categories(tenantId: string): Promise<Map<string, LocalizedText>> {
    const found = new Map<string, LocalizedText>();
    for (const live of await deps.catalogue.liveServices(tenantId)) {
      const definition = live.version.definition;
      for (const category of faultReportOf(definition)?.categories ?? [])
        if (!found.has(category.code)) found.set(category.code, categoryLabel(definition, category.code));
    }
    return found;
  }

  /** The rows near a point, after refusing a point off the globe, a radius or a limit out of range. */
  function nearbyRows(
    tenantId: string,
    latitude: number,
    longitude: number,
    radiusMeters: number,
    limit: number,
  ) {
    if (!(Math.abs(latitude) <= 90)) throw invalidQuery('latitude');
    if (!(Math.abs(longitude) <= 180)) throw invalidQuery('longitude');
    if (!(radiusMeters >= 0 && radiusMeters <= NEARBY_MAX_RADIUS_M)) throw invalidQuery('radiusMeters');
    if (!Number.isInteger(limit) || limit < 1 || limit > NEARBY_MAX_LIMIT) throw invalidQuery('limit');
    return selectNearbyOpenReports(db, tenantId, { latitude, longitude, radiusMeters, limit });
  }

  type PublicRow = NonNullable<Awaited<ReturnType<typeof selectPublicReport>>>;
  const publicReport = (row: PublicRow, labels: Map<string, LocalizedText>): PublicReport => ({
    reference: row.reference,
    category: labels.get(row.category) ?? { sv: row.category, en: row.category },
    categoryCode: row.category,
    place:
      row.latitude === null || row.longitude === null
        ? null
        : { latitude: coarse(row.latitude), longitude: coarse(row.longitude) },
    status: publicStatusText[row.statusCategory],
    submittedAt: new Date(row.submittedAt),
    updatedAt: new Date(row.updatedAt),
  });

  return {
    ...follow,
    ...duplicates,

    /** Whether the tenant has any fault report (the demo seeds its reports only once). */
    hasReports: async (tenantId: string) => (await selectAnyReport(db, tenantId)) !== undefined,

    /**
     * A page of the tenant's reports, newest first, for Open311 `GET requests` (case ids, categories,
     * open or closed, submission dates, keyset paging): exact coordinates, no free text. At most
     * 1000 rows per page.
     */
    reports(tenantId: string, filter: ReportFilter): Promise<ReportListRow[]> {
      const limit = Math.min(Math.max(1, Math.trunc(filter.limit)), 1001);
      return selectReports(db, tenantId, { ...filter, limit });
    },

    /** The report row of a case (the officer's panel, after the back office's own access check). */
    reportOfCase: (caseId: string) => selectFaultReport(db, caseId),

    /** The address an anonymous reporter left, for the mail handler; null when none (or not a report). */
    async reporterEmail(caseId: string): Promise<string | null> {
      const details = await deps.cases.caseDetailsById(caseId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'CASE_NOT_FOUND') return undefined;
        throw error;
      });
      const report = details && faultReportOf(details.version.definition);
      if (!details || !report || details.case.applicantPersonId) return null;
      return reporterEmail(report, details.case.answers, details.case.applicantContact);
    },

    /** One page of the tenant's open reports, newest first (the public list), and its filter's categories. */
    async openReports(
      tenant: Tenant,
      filter: { category?: string; cursor?: OpenReportCursor; limit: number },
    ): Promise<OpenReportPage> {
      const limit = Math.min(Math.max(1, Math.trunc(filter.limit)), 100);
      const [rows, labels] = await Promise.all([
        selectOpenReports(db, tenant.id, { ...filter, limit: limit + 1 }),
        categories(tenant.id),
      ]);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        categories: [...labels].map(([code, label]) => ({ code, label })),
        reports: page.map((row) => publicReport(row, labels)),
        next:
          rows.length > limit && last
            ? { submittedAt: new Date(last.submittedAt), caseId: last.caseId }
            : undefined,
      };
    },

    /**
     * One report of the tenant as anyone may see it (its public page, where a resident who did not
     * make it follows it), open or closed; NOT_FOUND for a reference that is not the tenant's report.
     */
    async publicReport(tenant: Tenant, reference: string): Promise<PublicReport> {
      const [row, labels] = await Promise.all([
        selectPublicReport(db, tenant.id, reference),
        categories(tenant.id),
      ]);
      if (!row) throw new AppError('NOT_FOUND');
      return publicReport(row, labels);
    },

    /**
     * Open reports near a point for the public map ("already reported?"): category, a coarse place,
     * the distance from the point to that coarse place (rounded to 10 m, so it does not give the
     * exact place away), status and dates; nearest first.
     */
    async nearbyPublicReports(
      tenant: Tenant,
      latitude: number,
      longitude: number,
      radiusMeters: number,
      limit: number,
    ): Promise<(PublicReport & { distanceMeters: number })[]> {
      const [rows, labels] = await Promise.all([
        nearbyRows(tenant.id, latitude, longitude, radiusMeters, limit),
        categories(tenant.id),
      ]);
      return rows.map((row) => {
        const shown = publicReport(row, labels);
        const place = shown.place as { latitude: number; longitude: number };
        const distance = distanceMeters(latitude, longitude, place.latitude, place.longitude);
        return { ...shown, distanceMeters: Math.round(distance / 10) * 10 };
      });
    },

    /**
     * Open reports of a tenant within `radiusMeters` of a WGS 84 point, nearest first (at most
     * `limit`): a bounding box on the index, then the exact great-circle distance. For the map and
     * the duplicate search; refuses a point off the globe, a radius outside 0–50 km or a limit outside 1–500.
     */
    async nearbyOpenReports(
      tenantId: string,
      latitude: number,
      longitude: number,
      radiusMeters: number,
      limit: number,
    ): Promise<NearbyReport[]> {
      const rows = await nearbyRows(tenantId, latitude, longitude, radiusMeters, limit);
      return rows.map((row) => ({
        caseId: row.caseId,
        reference: row.reference,
        category: row.category,
        latitude: row.latitude as number,
        longitude: row.longitude as number,
        distanceMeters: Number(row.distanceMeters),
        status: row.status,
        statusCategory: row.statusCategory,
        submittedAt: new Date(row.submittedAt),
      }));
    },

    /** Reports for open data (issue #12): category with its Swedish label, exact place, status, dates. */
    async reportsForExport(tenantId: string, since: Date, limit: number) {
      const [rows, labels] = await Promise.all([
        selectReportsForExport(db, tenantId, since, limit),
        categories(tenantId),
      ]);
      return rows.map((row) => ({
        category: row.category,
        categoryName: labels.get(row.category)?.sv ?? row.category,
        latitude: row.latitude,
        longitude: row.longitude,
        status: publicStatusText[row.statusCategory].sv,
        submittedAt: new Date(row.submittedAt),
        fixedAt: row.fixedAt ? new Date(row.fixedAt) : null,
      }));
    },
  };
}

export type FaultReportService = ReturnType<typeof createFaultReportService>;
