/**
 * Who sees retention and disposal (issue #14): the tenant's administrators. What the page shows
 * names no person (references, services, counts), yet it tells which cases exist and when they
 * close, so it stays with those who keep the organisation and its audit log.
 */
import { isAdmin, type StaffActor } from '../organisation/model.ts';

/** Whether the staff member may see the tenant's retention rules, coming and past disposals. */
export function canSeeDisposal(actor: StaffActor): boolean {
  return isAdmin(actor);
}
