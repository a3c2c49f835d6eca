/** Who may read a case, as pure functions (tested as a table). */

export interface ResidentActor {
  personId: string | null;
  /** Hashed session id: lets an anonymous submitter reach their own receipt, nothing else. */
  sessionId: string | null;
}

export interface CaseOwnership {
  applicantPersonId: string | null;
  anonymousSessionId: string | null;
}

/** A resident reads a case they applied for, or an anonymous case submitted in their own session. */
export function canResidentReadCase(actor: ResidentActor, owned: CaseOwnership): boolean {
  if (owned.applicantPersonId !== null) return actor.personId === owned.applicantPersonId;
  return owned.anonymousSessionId !== null && actor.sessionId === owned.anonymousSessionId;
}
