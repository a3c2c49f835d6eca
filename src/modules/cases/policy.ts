/** Who may read a case, as pure functions (tested as a table). */
import { type ActingFor, grantsCover } from '../../platform/identity/model.ts';

export interface ResidentActor {
  personId: string | null;
  /** Hashed session id: lets an anonymous submitter reach their own receipt, nothing else. */
  sessionId: string | null;
  /** A representative acting for `personId` reaches only the services granted (issue #13). */
  actingFor?: ActingFor;
}

export interface CaseOwnership {
  applicantPersonId: string | null;
  anonymousSessionId: string | null;
  /** Needed when a representative acts: without them a representative is refused. */
  tenantId?: string;
  serviceId?: string;
}

/**
 * A resident reads a case they applied for, or an anonymous case submitted in their own session.
 * A representative reads the principal's cases only in the services they were granted.
 */
export function canResidentReadCase(actor: ResidentActor, owned: CaseOwnership): boolean {
  if (actor.actingFor) {
    const { tenantId, serviceId } = owned;
    if (!tenantId || !serviceId || !grantsCover(actor.actingFor.grants, tenantId, serviceId)) return false;
    return owned.applicantPersonId !== null && actor.personId === owned.applicantPersonId;
  }
  if (owned.applicantPersonId !== null) return actor.personId === owned.applicantPersonId;
  return owned.anonymousSessionId !== null && actor.sessionId === owned.anonymousSessionId;
}
