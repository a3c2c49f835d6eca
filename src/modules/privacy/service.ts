/**
 * Privacy use cases (issue #14, docs/privacy.md): the municipality's record of processing and data
 * inventory for administrators and the data protection officer, each e-service's public privacy
 * notice, and the officer's contact details. Every one reads the same source model, gathered from
 * the owning modules' services (never their tables) and built by `buildProcessingRecord`.
 */
import { AppError } from '../../platform/errors.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { StaffActor } from '../organisation/model.ts';
import { auditActorOf, type OrganisationService } from '../organisation/service.ts';
import { checkDpoContact, type DpoInput } from './contact-model.ts';
import { type PrivacyNotice, privacyNotice } from './notice-model.ts';
import { canKeepRecord } from './policy.ts';
import {
  buildProcessingRecord,
  type ClientReach,
  type DataProtectionOfficerContact,
  type ProcessingRecord,
  type WebhookReach,
} from './record-model.ts';

export interface PrivacyDeps {
  tenants: Pick<TenantService, 'byId' | 'saveSettings'>;
  catalogue: Pick<CatalogueService, 'liveServices'>;
  organisation: Pick<OrganisationService, 'unitNames' | 'serviceHandling'>;
  /** The tenant's live API clients (api-clients module). */
  apiClients: { liveClientReach(tenantId: string): Promise<ClientReach[]> };
  /** The tenant's webhook subscriptions (webhooks module). */
  webhooks: { subscriptionReach(tenantId: string): Promise<WebhookReach[]> };
  now: () => Date;
}

export interface PrivacyService {
  /** The record of processing and data inventory of the actor's tenant; FORBIDDEN for others. */
  record(actor: StaffActor): Promise<ProcessingRecord>;
  /** A live e-service's privacy notice; SERVICE_NOT_FOUND when the tenant has no such live service. */
  notice(tenant: Tenant, serviceSlug: string): Promise<PrivacyNotice>;
  /** The data protection officer's contact details, for the form; FORBIDDEN for others. */
  dpoContact(actor: StaffActor): Promise<DataProtectionOfficerContact | undefined>;
  /** Saves them (VALIDATION_FAILED per field) with their audit entry, in one transaction. */
  saveDpoContact(actor: StaffActor, input: DpoInput): Promise<void>;
}

const ONLY = 'Only administrators and the data protection officer';

/** Builds the service. */
export function createPrivacyService(deps: PrivacyDeps): PrivacyService {
  const requireKeeper = (actor: StaffActor) => {
    if (!canKeepRecord(actor)) throw new AppError('FORBIDDEN', ONLY);
  };

  /** Gathers the sources from their modules and builds the one model. */
  async function recordOf(tenant: Tenant): Promise<ProcessingRecord> {
    const [live, unitNames, handling, apiClients, webhooks] = await Promise.all([
      deps.catalogue.liveServices(tenant.id),
      deps.organisation.unitNames(tenant.id),
      deps.organisation.serviceHandling(tenant.id),
      deps.apiClients.liveClientReach(tenant.id),
      deps.webhooks.subscriptionReach(tenant.id),
    ]);
    return buildProcessingRecord({
      tenant,
      services: live.map((service) => ({
        serviceId: service.serviceId,
        slug: service.slug,
        definition: service.version.definition,
      })),
      units: [...unitNames].map(([id, name]) => ({ id, name })),
      handling,
      apiClients,
      webhooks,
    });
  }

  return {
    async record(actor) {
      requireKeeper(actor);
      return recordOf(await deps.tenants.byId(actor.tenantId));
    },

    async notice(tenant, serviceSlug) {
      const notice = privacyNotice(await recordOf(tenant), serviceSlug);
      if (!notice) throw new AppError('SERVICE_NOT_FOUND');
      return notice;
    },

    async dpoContact(actor) {
      requireKeeper(actor);
      return (await deps.tenants.byId(actor.tenantId)).settings.dataProtectionOfficer;
    },

    async saveDpoContact(actor, input) {
      requireKeeper(actor);
      const checked = checkDpoContact(input);
      if ('errors' in checked)
        throw new AppError('VALIDATION_FAILED', 'Invalid contact details', checked.errors);
      const tenant = await deps.tenants.byId(actor.tenantId);
      await deps.tenants.saveSettings(
        tenant.id,
        { ...tenant.settings, dataProtectionOfficer: checked.ok },
        {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'tenant.dataProtectionOfficerSaved',
          details: { ...checked.ok },
          at: deps.now(),
        },
      );
    },
  };
}
