/**
 * The pages every municipality has (issue #13, docs/accessibility-statement.md): what the contact,
 * accessibility and "get help" pages show comes from the tenant's settings; administrators change
 * the contact details, audited with the change.
 */
import { AppError } from '../../platform/errors.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { type Contact, type ContactInput, checkContact } from './model.ts';

export interface SitePagesDeps {
  tenants: TenantService;
  now: () => Date;
}

/** Builds the service. */
export function createSitePagesService({ tenants, now }: SitePagesDeps) {
  function requireAdmin(actor: StaffActor): void {
    if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators change the contact details');
  }
  return {
    /** The tenant's contact details, for the administrators' form. */
    async contact(actor: StaffActor): Promise<Contact> {
      requireAdmin(actor);
      return (await tenants.byId(actor.tenantId)).settings.contact;
    },

    /** Saves the contact details (VALIDATION_FAILED per field), audited in the same transaction. */
    async saveContact(actor: StaffActor, input: ContactInput): Promise<void> {
      requireAdmin(actor);
      const checked = checkContact(input);
      if ('errors' in checked)
        throw new AppError('VALIDATION_FAILED', 'Invalid contact details', checked.errors);
      const tenant: Tenant = await tenants.byId(actor.tenantId);
      const at = now();
      await tenants.saveSettings(
        tenant.id,
        { ...tenant.settings, contact: checked.ok },
        {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'tenant.contactSaved',
          details: { ...checked.ok },
          at,
        },
      );
    },
  };
}

export type SitePagesService = ReturnType<typeof createSitePagesService>;
