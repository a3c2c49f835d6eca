/**
 * Who sees retention and disposal (issue #14): the tenant's administrators and its data protection
 * officer. What the page shows names no person (references, services, counts), yet it tells which
 * cases exist and when they close, so it stays with those who read the audit log.
 */
import { readsAuditLog, type StaffActor } from '../organisation/model.ts';

/** Whether the staff member may see the tenant's retention rules, coming and past disposals. */
export function canSeeDisposal(actor: StaffActor): boolean {
  return readsAuditLog(actor);
}
