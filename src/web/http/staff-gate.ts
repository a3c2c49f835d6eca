/** The login gate for back-office pages: who is the staff member behind this request, in which tenant. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Tenant, TenantService } from '../../platform/tenancy/tenant-service.ts';
import { seeOther } from '../render.ts';

/** A back-office request's tenant and the staff member (the organisation module's actor). */
export interface StaffRequest<Actor> {
  tenant: Tenant;
  actor: Actor;
}

/** What the gate needs: the tenant by its slug, and the staff member of a person in a tenant. */
export interface StaffGateServices<Actor> {
  tenants: Pick<TenantService, 'bySlug'>;
  organisation: { staffActor(tenantId: string, personId: string): Promise<Actor | undefined> };
}

/** The officers' login page, returning to `returnTo` afterwards. */
export function staffLoginPath(returnTo: string): string {
  return `/handlaggning/logga-in?tillbaka=${encodeURIComponent(returnTo)}`;
}

/**
 * The tenant and staff member for a back-office request. Redirects to the officers' login (and
 * returns undefined) without a staff login; FORBIDDEN when the person is not staff in this tenant.
 */
export async function requireStaff<Actor>(
  request: FastifyRequest<{ Params: { tenant: string } }>,
  reply: FastifyReply,
  services: StaffGateServices<Actor>,
): Promise<StaffRequest<Actor> | undefined> {
  const tenant = await services.tenants.bySlug(request.params.tenant);
  const session = request.session;
  if (!session?.personId || session.data.realm !== 'staff') {
    seeOther(reply, staffLoginPath(request.url));
    return undefined;
  }
  const actor = await services.organisation.staffActor(tenant.id, session.personId);
  if (!actor) throw new AppError('FORBIDDEN', 'You are not staff in this municipality');
  return { tenant, actor };
}

/**
 * The tenant and staff member behind a JSON API request authenticated by the staff session cookie
 * (issue #10): LOGIN_REQUIRED (401) without a staff login, FORBIDDEN (403) when the person is not
 * staff in this tenant; an unknown tenant is TENANT_NOT_FOUND (404). APIs answer problems, never a
 * redirect to the login page.
 */
export async function staffOfApiRequest<Actor>(
  request: FastifyRequest<{ Params: { tenant: string } }>,
  services: StaffGateServices<Actor>,
): Promise<StaffRequest<Actor>> {
  const tenant = await services.tenants.bySlug(request.params.tenant);
  const session = request.session;
  if (!session?.personId || session.data.realm !== 'staff') {
    throw new AppError('LOGIN_REQUIRED', 'Log in through the officers’ login (staff session cookie)');
  }
  const actor = await services.organisation.staffActor(tenant.id, session.personId);
  if (!actor) throw new AppError('FORBIDDEN', 'You are not staff in this municipality');
  return { tenant, actor };
}
