/**
 * The back-office login gate with the organisation's staff actor filled in. The gate itself is
 * written once in the web layer (web/http/staff-gate.ts); this names its actor type for routes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import {
  requireStaff,
  type StaffRequest as StaffGateRequest,
  type StaffGateServices,
  staffOfApiRequest,
} from '../../web/http/staff-gate.ts';
import { isAdmin, readsAuditLog, type StaffActor } from './model.ts';

export { requireStaff, staffLoginPath } from '../../web/http/staff-gate.ts';

/** A back-office request: the tenant and the staff member behind it. */
export type StaffRequest = StaffGateRequest<StaffActor>;

type PageGate = (
  request: FastifyRequest<{ Params: { tenant: string } }>,
  reply: FastifyReply,
  services: StaffGateServices<StaffActor>,
) => Promise<StaffRequest | undefined>;

/** The staff gate of a page that only staff for whom `allowed` holds may open (403 for the others). */
function gateFor(allowed: (actor: StaffActor) => boolean, refusal: string): PageGate {
  return async (request, reply, services) => {
    const staff = await requireStaff(request, reply, services);
    if (staff && !allowed(staff.actor)) throw new AppError('FORBIDDEN', refusal);
    return staff;
  };
}

/** The staff member behind the request, who must be an administrator of this tenant. */
export const requireAdmin: PageGate = gateFor(isAdmin, 'Only administrators');

/**
 * The staff member behind the request, who must read the audit log and the disposal schedule: an
 * administrator or the data protection officer of this tenant.
 */
export const requireRecordsReviewer: PageGate = gateFor(
  readsAuditLog,
  'Only administrators and the data protection officer',
);

/** The administrator behind a JSON API request (staff session cookie): 401 / 403 problems otherwise. */
export async function requireAdminApi(
  request: FastifyRequest<{ Params: { tenant: string } }>,
  services: StaffGateServices<StaffActor>,
): Promise<StaffRequest> {
  const staff = await staffOfApiRequest(request, services);
  if (!isAdmin(staff.actor)) throw new AppError('FORBIDDEN', 'Only administrators');
  return staff;
}
