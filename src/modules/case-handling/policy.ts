/**
 * What a staff member may do with a case, as one pure function tested as a table (house rule 3).
 * Officers see only their own units' cases; a case they may not read does not exist for them (404).
 */
import { isMemberOf, type StaffActor } from '../organisation/model.ts';

export type OfficerAction =
  | 'read'
  | 'note'
  | 'message'
  | 'take'
  | 'assign'
  | 'release'
  | 'changeStatus'
  | 'requestCompletion'
  | 'decide';

export const OFFICER_ACTIONS: readonly OfficerAction[] = [
  'read',
  'note',
  'message',
  'take',
  'assign',
  'release',
  'changeStatus',
  'requestCompletion',
  'decide',
];

export interface CaseAccessFacts {
  tenantId: string;
  unitId: string | null;
  assignedStaffId: string | null;
}

/** Whether the actor may read the case at all (else it answers 404). */
export function canOfficerRead(actor: StaffActor, subject: CaseAccessFacts): boolean {
  return subject.tenantId === actor.tenantId && isMemberOf(actor, subject.unitId);
}

/**
 * Whether the actor may perform the action. Every member of the handling unit reads, writes notes
 * and messages; taking a case needs it to be free (a unit lead may take it over); changing status,
 * asking for completion, deciding and releasing belong to the assigned officer or a unit lead;
 * assigning to someone else is a unit lead's job. Admins manage the organisation, not cases.
 */
export function canOfficer(actor: StaffActor, action: OfficerAction, subject: CaseAccessFacts): boolean {
  if (!canOfficerRead(actor, subject)) return false;
  const lead = actor.role === 'unitLead';
  const assignedToActor = subject.assignedStaffId === actor.staffId;
  switch (action) {
    case 'read':
    case 'note':
    case 'message':
      return true;
    case 'take':
      return !assignedToActor && (subject.assignedStaffId === null || lead);
    case 'assign':
      return lead;
    case 'release':
      return subject.assignedStaffId !== null && (assignedToActor || lead);
    case 'changeStatus':
    case 'requestCompletion':
    case 'decide':
      return assignedToActor || lead;
  }
}
