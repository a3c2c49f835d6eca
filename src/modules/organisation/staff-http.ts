/** HTTP glue for back-office pages: who is the staff member behind this request, in which tenant. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { Services } from '../../services.ts';
import { seeOther } from '../../web/render.ts';
import type { StaffActor } from './model.ts';

export interface StaffRequest {
  tenant: Tenant;
  actor: StaffActor;
}

/** The officers' login page, returning to `returnTo` afterwards. */
export function staffLoginPath(returnTo: string): string {
  return `/handlaggning/logga-in?tillbaka=${encodeURIComponent(returnTo)}`;
}

/**
 * The tenant and staff member for a back-office request. Redirects to the officers' login (and
 * returns undefined) without a staff login; FORBIDDEN when the person is not staff in this tenant.
 */
export async function requireStaff(
  request: FastifyRequest<{ Params: { tenant: string } }>,
  reply: FastifyReply,
  services: Services,
): Promise<StaffRequest | undefined> {
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
