/** The municipality a page belongs to, as the page header shows it. */
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { PageTenant } from '../page-context.ts';

/** The page-header view of a tenant. */
export function pageTenant(tenant: Tenant): PageTenant {
  return { slug: tenant.slug, name: tenant.name, logoText: tenant.settings.logoText };
}
