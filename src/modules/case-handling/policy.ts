/**
 * What a staff member may do with a case, as one pure function tested as a table (house rule 3).
 * Officers see only their own units' cases, and cases another unit has shared with one of their
 * units until the share ends or is revoked (decision 0033); a case they may not read does not exist
 * for them (404).
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
  | 'decide'
  | 'move'
  | 'share';

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
  'move',
  'share',
];

/** A share of a case with another unit (decision 0033): until `endsAt`, unless revoked before. */
export interface CaseShareFacts {
  id: string;
  unitId: string;
  endsAt: Date;
  revokedAt: Date | null;
}

export interface CaseAccessFacts {
  tenantId: string;
  unitId: string | null;
  assignedStaffId: string | null;
  /** The case's shares and the instant access is judged at; absent: the case is not shared. */
  sharing?: { at: Date; shares: readonly CaseShareFacts[] };
}

/** Whether a share gives access at `at`: not revoked, and its end not reached. */
export function isShareActive(share: CaseShareFacts, at: Date): boolean {
  return share.revokedAt === null && share.endsAt.getTime() > at.getTime();
}

/** How the actor reaches a case: as a member of its handling unit, through a share, or not at all. */
export type OfficerAccess = 'unit' | 'share' | 'none';

/** The active share that lets the actor's units in, if any (the first of their units' shares). */
export function shareOfActor(actor: StaffActor, subject: CaseAccessFacts): CaseShareFacts | undefined {
  const sharing = subject.sharing;
  if (!sharing || subject.tenantId !== actor.tenantId) return undefined;
  return sharing.shares.find((share) => isMemberOf(actor, share.unitId) && isShareActive(share, sharing.at));
}

/** How the actor reaches the case (the handling unit wins over a share with another of their units). */
export function officerAccess(actor: StaffActor, subject: CaseAccessFacts): OfficerAccess {
  if (subject.tenantId !== actor.tenantId) return 'none';
  if (isMemberOf(actor, subject.unitId)) return 'unit';
  return shareOfActor(actor, subject) ? 'share' : 'none';
}

/** Whether the actor may read the case at all (else it answers 404). */
export function canOfficerRead(actor: StaffActor, subject: CaseAccessFacts): boolean {
  return officerAccess(actor, subject) !== 'none';
}

/**
 * Whether the actor may perform the action. Every member of the handling unit reads, writes notes
 * and messages, and shares the case with another unit or revokes a share (decision 0033); taking a
 * case needs it to be free (a unit lead may take it over); changing status, asking for completion,
 * deciding and releasing belong to the assigned officer or a unit lead; assigning to someone else
 * is a unit lead's job; moving one case to another unit or e-service (issue #13) is the assigned
 * officer's or a unit lead's. Members of a unit the case is shared with read it and write internal
 * notes, whatever their role: the case stays the handling unit's (OSL 8 kap. 1 §: secrecy holds
 * between a municipality's units, so what they get is only what the owner chose to share). Admins
 * manage the organisation, not cases.
 */
export function canOfficer(actor: StaffActor, action: OfficerAction, subject: CaseAccessFacts): boolean {
  const access = officerAccess(actor, subject);
  if (access === 'none') return false;
  if (access === 'share') return action === 'read' || action === 'note';
  const lead = actor.role === 'unitLead';
  const assignedToActor = subject.assignedStaffId === actor.staffId;
  switch (action) {
    case 'read':
    case 'note':
    case 'message':
    case 'share':
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
    case 'move':
      return assignedToActor || lead;
  }
}

/** What a staff member sees of a case in a person's overview (issue #13, docs/customer-centre.md). */
export type CaseView = 'full' | 'summary' | 'existence' | 'none';

export interface CaseSummaryFacts extends CaseAccessFacts {
  /** The service is marked confidential (the matter itself is secret, e.g. social services). */
  confidential: boolean;
}

/** Whether the actor works in the customer centre ("en väg in"): finds people and acts for them. */
export function isCustomerCentre(actor: StaffActor): boolean {
  return actor.role === 'customerCentre';
}

/** Whether the actor reads the customer centre's contact statistics (its own staff and admins). */
export function canReadContactStatistics(actor: StaffActor): boolean {
  return isCustomerCentre(actor) || actor.role === 'admin';
}

/**
 * How much of a case the actor may see in a person's overview, one rule for officers and the
 * customer centre. The handling unit reads it all (canOfficerRead). Customer-centre staff see every
 * case of their own municipality at summary level (service, reference, status, unit, dates, never
 * the answers or history); for a confidential service only that a case exists and which unit to
 * contact (OSL 26 kap.: in social services even the existence of a matter is secret, so the
 * customer centre says no more than where to turn). Anyone else: nothing.
 */
export function caseView(actor: StaffActor, subject: CaseSummaryFacts): CaseView {
  if (canOfficerRead(actor, subject)) return 'full';
  if (!isCustomerCentre(actor) || subject.tenantId !== actor.tenantId) return 'none';
  return subject.confidential ? 'existence' : 'summary';
}
