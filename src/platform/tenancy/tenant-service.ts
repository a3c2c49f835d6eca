/**
 * Tenancy: which municipalities this installation serves. Tenants change rarely, so the list is
 * cached per process for a short time (stateless processes still agree within seconds).
 */
import type { Kysely } from 'kysely';
import type { Database, TenantSettings } from '../../db/schema.ts';
import { type AuditEntry, recordAudit } from '../audit/audit-log.ts';
import { AppError } from '../errors.ts';
import {
  type LifeEvent,
  selectLifeEvents,
  selectTenants,
  type Tenant,
  updateTenantSettings,
  upsertLifeEvent,
  upsertTenant,
} from './tenant-store.ts';

export type { LifeEvent, Tenant };

export interface TenantService {
  list(): Promise<Tenant[]>;
  /** The tenant with this slug; throws TENANT_NOT_FOUND. */
  bySlug(slug: string): Promise<Tenant>;
  byId(id: string): Promise<Tenant>;
  lifeEvents(tenantId: string): Promise<LifeEvent[]>;
  /** Creates or updates a tenant and its life events (import and seed). */
  save(tenant: Omit<Tenant, 'id'>, lifeEvents: Omit<LifeEvent, 'id'>[]): Promise<Tenant>;
  /** Replaces a tenant's settings with its audit entry, in one transaction; TENANT_NOT_FOUND. */
  saveSettings(tenantId: string, settings: TenantSettings, audit: AuditEntry): Promise<void>;
}

const CACHE_MS = 5_000;

export function createTenantService(db: Kysely<Database>): TenantService {
  let cache: { at: number; tenants: Tenant[] } | undefined;
  const list = async () => {
    if (!cache || Date.now() - cache.at > CACHE_MS)
      cache = { at: Date.now(), tenants: await selectTenants(db) };
    return cache.tenants;
  };
  const find = async (match: (tenant: Tenant) => boolean, what: string) => {
    const found = (await list()).find(match);
    if (found) return found;
    cache = undefined;
    const fresh = (await list()).find(match);
    if (!fresh) throw new AppError('TENANT_NOT_FOUND', `No municipality ${what}`);
    return fresh;
  };
  return {
    list,
    bySlug: (slug) => find((tenant) => tenant.slug === slug, `"${slug}"`),
    byId: (id) => find((tenant) => tenant.id === id, `with id ${id}`),
    lifeEvents: (tenantId) => selectLifeEvents(db, tenantId),
    async save(tenant, lifeEvents) {
      const id = await db.transaction().execute(async (trx) => {
        const tenantId = await upsertTenant(trx, tenant);
        for (const event of lifeEvents) await upsertLifeEvent(trx, tenantId, event);
        return tenantId;
      });
      cache = undefined;
      return { id, ...tenant };
    },
    async saveSettings(tenantId, settings, audit) {
      await db.transaction().execute(async (trx) => {
        if (!(await updateTenantSettings(trx, tenantId, settings))) throw new AppError('TENANT_NOT_FOUND');
        await recordAudit(trx, audit);
      });
      cache = undefined;
    },
  };
}
