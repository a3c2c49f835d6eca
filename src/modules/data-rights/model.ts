/**
 * Residents' rights on My Pages (issue #14, decision 0032): which logged reads a resident sees,
 * how a reader is shown, and what keeps a profile from being deleted. Pure; tested as tables.
 *
 * GDPR art. 15 (access) and Förvaltningslagen: a resident sees who read their cases. Art. 17
 * (erasure) does not reach what a municipality must keep (art. 17.3 b, arkivlagen 1990:782), so a
 * profile goes only when no case or act of the person still needs it.
 */

/** Reads of a case that the resident's access log lists (staff and API clients only). */
export const CASE_READ_ACTIONS = [
  'case.read',
  'case.historyRead',
  'case.attachmentRead',
  'audit.viewed',
  'audit.exported',
] as const;

/** Reads about the person without a case: a customer-centre look-up, an admin's log search. */
export const PERSON_READ_ACTIONS = [
  'customerCentre.personLookedUp',
  'customerCentre.casesRead',
  'audit.viewed',
  'audit.exported',
] as const;

export type ReadAction = (typeof CASE_READ_ACTIONS)[number] | (typeof PERSON_READ_ACTIONS)[number];

/** Every action the access query asks for. */
export const ACCESS_ACTIONS: readonly ReadAction[] = [
  ...new Set([...CASE_READ_ACTIONS, ...PERSON_READ_ACTIONS]),
];

export type StaffRoleName = 'officer' | 'unitLead' | 'admin' | 'customerCentre';

/** Who read: a staff member (name hidden by the tenant's choice) or a business system. */
export type Reader =
  | { kind: 'staff'; name: string | null; role: StaffRoleName | null; units: string[] }
  | { kind: 'system'; name: string };

/** One line of the access log as the resident sees it. */
export interface AccessEntry {
  at: Date;
  action: ReadAction;
  /** Whether the entry is about a case (else about the person: a look-up). */
  aboutCase: boolean;
  reader: Reader;
}

/** An audit row of a read, as the platform's access query returns it. */
export interface AccessRowFacts {
  at: Date;
  caseId: string | null;
  action: string;
  actorName: string;
  actorUnits: string[];
  actorRole: string | null;
  actorStaffId: string | null;
  actorApiClientId: string | null;
}

const ROLES: readonly StaffRoleName[] = ['officer', 'unitLead', 'admin', 'customerCentre'];

function isAction(action: string, list: readonly string[]): action is ReadAction {
  return list.includes(action);
}

/**
 * The resident's view of one logged read, or undefined when it is not one to show: a case entry
 * must be a case read, an entry without a case a read about the person, and the reader staff or an
 * API client. `showNames` is the tenant's setting (showOfficerNamesInAccessLog, default true).
 */
export function accessEntry(row: AccessRowFacts, showNames: boolean): AccessEntry | undefined {
  const aboutCase = row.caseId !== null;
  if (!isAction(row.action, aboutCase ? CASE_READ_ACTIONS : PERSON_READ_ACTIONS)) return undefined;
  let reader: Reader;
  if (row.actorApiClientId) reader = { kind: 'system', name: row.actorName };
  else if (row.actorStaffId) {
    const role = ROLES.find((known) => known === row.actorRole) ?? null;
    reader = { kind: 'staff', name: showNames ? row.actorName : null, role, units: row.actorUnits };
  } else return undefined;
  return { at: row.at, action: row.action, aboutCase, reader };
}

/** A tenant's setting, absent meaning the names are shown. */
export function showsOfficerNames(settings: { showOfficerNamesInAccessLog?: boolean }): boolean {
  return settings.showOfficerNamesInAccessLog !== false;
}

/** What may keep a profile: facts gathered from the modules that own them. */
export interface DeletionFacts {
  /** Cases the person applied for, with their municipality. */
  ownCases: { reference: string; municipality: string; closed: boolean }[];
  /** Others' cases the person wrote in or filed as representative or guardian. */
  actedInCases: string[];
  /** Open drafts the person started for someone else (they belong to that person). */
  draftsForOthers: number;
  /** Representations the person gave or holds that are in force now or later. */
  representationsInForce: { side: 'given' | 'held'; kind: string; otherName: string; municipality: string }[];
  /** Municipalities where the person is on the staff. */
  staffIn: string[];
}

/** One reason the profile stays. */
export type DeletionBlocker =
  | { kind: 'ownCases'; cases: DeletionFacts['ownCases'] }
  | { kind: 'actedInCases'; references: string[] }
  | { kind: 'draftsForOthers'; count: number }
  | { kind: 'representations'; items: DeletionFacts['representationsInForce'] }
  | { kind: 'staff'; municipalities: string[] };

/**
 * Why the profile cannot be deleted now; empty when it can. A case, open or closed, is a public
 * record kept until its retention ends, and it points at its applicant and at whoever acted in it.
 * A representation in force would leave the other party's authority pointing at nobody, and a
 * staff member's profile is the organisation's to remove.
 */
export function deletionBlockers(facts: DeletionFacts): DeletionBlocker[] {
  const blockers: DeletionBlocker[] = [];
  if (facts.ownCases.length > 0) blockers.push({ kind: 'ownCases', cases: facts.ownCases });
  if (facts.actedInCases.length > 0) blockers.push({ kind: 'actedInCases', references: facts.actedInCases });
  if (facts.draftsForOthers > 0) blockers.push({ kind: 'draftsForOthers', count: facts.draftsForOthers });
  if (facts.representationsInForce.length > 0)
    blockers.push({ kind: 'representations', items: facts.representationsInForce });
  if (facts.staffIn.length > 0) blockers.push({ kind: 'staff', municipalities: facts.staffIn });
  return blockers;
}

/** The download's file name: `mina-uppgifter-2026-12-06.json`, the date in Swedish time. */
export function exportFileName(at: Date, extension: 'json' | 'pdf'): string {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);
  return `mina-uppgifter-${day}.${extension}`;
}
