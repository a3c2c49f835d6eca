/** Catalogue use cases: live services, life events, search, and versioned definitions. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { validateDefinition } from '../forms/validate-definition.ts';
import { decisionModelErrors } from './decision-model-check.ts';
import { isEditable, type LiveService, liveVersion, type ServiceVersion, toPrefixQuery } from './model.ts';
import {
  insertDraftVersion,
  insertService,
  publishDraftVersion,
  searchLiveVersions,
  selectLiveVersions,
  selectServiceBySlug,
  selectServiceSlugById,
  selectServiceTenant,
  selectTenantVersions,
  selectVersionById,
  selectVersions,
  updateDraftDefinition,
  updateVersionStatus,
} from './store.ts';

export type { LiveService, ServiceVersion };

/**
 * The audit entry a change is recorded with, in the change's transaction (house rule 2): who, the
 * action (`rules.draftSaved`, `rules.published`) and extra details; the service, version id and
 * number are added.
 */
export interface CatalogueAudit {
  actor: AuditActor;
  action: string;
  details?: Record<string, unknown>;
}

/** A service of a tenant (any status) with all its versions, oldest first. */
export interface ServiceWithVersions {
  slug: string;
  serviceId: string;
  versions: ServiceVersion[];
}

export interface CatalogueService {
  liveServices(tenantId: string): Promise<LiveService[]>;
  /** The live service with this slug; SERVICE_NOT_FOUND when none is live. */
  liveService(tenantId: string, slug: string): Promise<LiveService>;
  servicesForLifeEvent(tenantId: string, lifeEventSlug: string): Promise<LiveService[]>;
  search(tenantId: string, text: string): Promise<LiveService[]>;
  /** A version by id (cases and drafts stay bound to it). Published versions never change, so they are cached. */
  version(versionId: string): Promise<ServiceVersion>;
  versions(tenantId: string, slug: string): Promise<ServiceVersion[]>;
  /** Every service of the tenant, whatever its versions' status, with its versions (one query). */
  allVersions(tenantId: string): Promise<ServiceWithVersions[]>;
  /** The URL slug of a service (a service's identity never changes, so it is cached). */
  serviceSlug(serviceId: string): Promise<string>;
  /** Whether a service id belongs to the tenant (ids from forms are checked before use). */
  isServiceOfTenant(tenantId: string, serviceId: string): Promise<boolean>;
  /**
   * Validates a definition and stores it as the service's draft (a new draft, or the open one);
   * with `audit`, the audit entry is written in the same transaction.
   */
  saveDraft(tenantId: string, json: unknown, audit?: CatalogueAudit): Promise<ServiceVersion>;
  /** Publishes a draft from a date (CONFLICT when it is not a draft); `audit` as for saveDraft. */
  publish(tenantId: string, versionId: string, from: Date, audit?: CatalogueAudit): Promise<void>;
  retire(tenantId: string, versionId: string): Promise<void>;
}

type LiveRow = Awaited<ReturnType<typeof selectLiveVersions>>[number];

function toLive(row: LiveRow): LiveService {
  const { slug, ...version } = row;
  return { serviceId: row.serviceId, slug, version };
}

function byTitle(a: LiveService, b: LiveService): number {
  return a.version.definition.title.sv.localeCompare(b.version.definition.title.sv, 'sv');
}

export function createCatalogueService(db: Kysely<Database>, now: () => Date): CatalogueService {
  const frozen = new Map<string, ServiceVersion>();
  const slugs = new Map<string, string>();
  const ownVersion = async (tenantId: string, versionId: string) => {
    const version = await selectVersionById(db, versionId);
    if (!version || version.tenantId !== tenantId) throw new AppError('SERVICE_NOT_FOUND');
    return version;
  };
  const service: CatalogueService = {
    async liveServices(tenantId) {
      return (await selectLiveVersions(db, tenantId, now())).map(toLive).sort(byTitle);
    },
    async liveService(tenantId, slug) {
      const found = await selectServiceBySlug(db, tenantId, slug);
      const live = found ? liveVersion(await selectVersions(db, found.id), now()) : undefined;
      if (!found || !live) throw new AppError('SERVICE_NOT_FOUND');
      return { serviceId: found.id, slug: found.slug, version: live };
    },
    async servicesForLifeEvent(tenantId, lifeEventSlug) {
      const all = await service.liveServices(tenantId);
      return all.filter((live) => live.version.definition.lifeEvents.includes(lifeEventSlug));
    },
    async search(tenantId, text) {
      const query = toPrefixQuery(text);
      if (!query) return [];
      return (await searchLiveVersions(db, tenantId, query, now())).map(toLive);
    },
    async version(versionId) {
      const cached = frozen.get(versionId);
      if (cached) return cached;
      const version = await selectVersionById(db, versionId);
      if (!version) throw new AppError('SERVICE_NOT_FOUND');
      if (!isEditable(version)) frozen.set(versionId, version);
      return version;
    },
    async serviceSlug(serviceId) {
      const cached = slugs.get(serviceId);
      if (cached) return cached;
      const slug = await selectServiceSlugById(db, serviceId);
      if (!slug) throw new AppError('SERVICE_NOT_FOUND');
      slugs.set(serviceId, slug);
      return slug;
    },
    async isServiceOfTenant(tenantId, serviceId) {
      if (!/^[0-9a-f-]{36}$/.test(serviceId)) return false;
      return (await selectServiceTenant(db, serviceId)) === tenantId;
    },
    async versions(tenantId, slug) {
      const found = await selectServiceBySlug(db, tenantId, slug);
      if (!found) throw new AppError('SERVICE_NOT_FOUND');
      return selectVersions(db, found.id);
    },
    async allVersions(tenantId) {
      const byService = new Map<string, ServiceWithVersions>();
      for (const { slug, ...version } of await selectTenantVersions(db, tenantId)) {
        const entry = byService.get(version.serviceId) ?? {
          slug,
          serviceId: version.serviceId,
          versions: [],
        };
        entry.versions.push(version);
        byService.set(version.serviceId, entry);
      }
      return [...byService.values()];
    },
    async saveDraft(tenantId, json, audit) {
      const result = validateDefinition(json);
      const errors = result.ok
        ? result.definition.decisionSupport
          ? await decisionModelErrors(result.definition.decisionSupport)
          : []
        : result.errors;
      if (!result.ok || errors.length > 0) {
        throw new AppError(
          'DEFINITION_INVALID',
          'The e-service definition is not valid',
          errors.map((message) => ({ field: '', message })),
        );
      }
      return db.transaction().execute(async (trx) => {
        const saved = await saveDraftIn(trx, tenantId, result.definition, now());
        if (audit) await auditChange(trx, saved, audit, now());
        return saved;
      });
    },
    async publish(tenantId, versionId, from, audit) {
      const version = await ownVersion(tenantId, versionId);
      if (version.status !== 'draft') throw new AppError('CONFLICT', 'Only a draft can be published');
      await db.transaction().execute(async (trx) => {
        // Guarded on the status, so two publishers of one draft cannot both succeed.
        if (!(await publishDraftVersion(trx, versionId, from, now()))) {
          throw new AppError('CONFLICT', 'Only a draft can be published');
        }
        if (audit) await auditChange(trx, version, audit, now());
      });
    },
    async retire(tenantId, versionId) {
      await ownVersion(tenantId, versionId);
      await updateVersionStatus(db, versionId, 'retired', undefined, now());
      frozen.delete(versionId);
    },
  };
  return service;
}

function auditChange(db: Kysely<Database>, version: ServiceVersion, audit: CatalogueAudit, at: Date) {
  return recordAudit(db, {
    tenantId: version.tenantId,
    actor: audit.actor,
    action: audit.action,
    details: {
      serviceId: version.serviceId,
      versionId: version.id,
      version: version.version,
      ...audit.details,
    },
    at,
  });
}

async function saveDraftIn(db: Kysely<Database>, tenantId: string, definition: ServiceDefinition, now: Date) {
  const serviceId = await insertService(db, tenantId, definition.service);
  const openDraft = (await selectVersions(db, serviceId)).find(isEditable);
  if (!openDraft) return insertDraftVersion(db, tenantId, serviceId, definition);
  await updateDraftDefinition(db, openDraft.id, definition, now);
  return { ...openDraft, definition };
}
