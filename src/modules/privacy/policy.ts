/**
 * Who reads the record of processing and the data inventory, and who keeps the data protection
 * officer's contact details (issue #14): administrators and the data protection officer. Pure.
 */
import { readsAuditLog, type StaffActor } from '../organisation/model.ts';

/**
 * Whether the actor reads the record and inventory and changes the officer's contact details: the
 * same people who read the audit log (one rule, in the organisation's model).
 */
export function canKeepRecord(actor: Pick<StaffActor, 'role'>): boolean {
  return readsAuditLog(actor);
}
