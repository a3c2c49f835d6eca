/**
 * What the disposal job needs from the modules that keep a case's data (issue #14, decision 0031).
 * Each module removes or reduces its own tables' rows in the case's one transaction; the
 * composition root (services.ts) hands their parts to the disposal service. The parts are typed
 * here and implemented structurally, so no owning module imports this one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Pseudonyms } from './model.ts';

/** The case being disposed of or archived, inside its transaction. */
export interface DisposalTarget {
  tenantId: string;
  caseId: string;
  reference: string;
  /** The draft it was submitted from, if any (the case row no longer names it once reduced). */
  draftId: string | null;
  at: Date;
  /** Pseudonyms of the case's persons: the same person gets the same one in every table. */
  pseudonyms: Pseudonyms;
}

/** What one part removed: files to delete after the commit, and counts for the log (no names). */
export interface PartResult {
  storageKeys?: string[];
  counts?: Record<string, number>;
}

/** One module's share of a case's disposal (and, if it has any, of its archiving). */
export interface CaseDisposalPart {
  dispose(trx: Kysely<Database>, target: DisposalTarget): Promise<PartResult>;
  archive?(trx: Kysely<Database>, target: DisposalTarget): Promise<PartResult>;
}

/** A closed case whose retention has ended, locked for this transaction. */
export interface DueCase {
  id: string;
  tenantId: string;
  reference: string;
  serviceId: string;
  serviceVersionId: string;
  closedAt: Date;
  applicantPersonId: string | null;
  draftId: string | null;
}

/** A retention rule as the case record's queries take it. */
export interface VersionPeriod {
  versionId: string;
  retentionPeriod: string;
}

/** The case record's part (modules/cases): finding due cases, and the case row and history itself. */
export interface CaseRecordDisposal extends Required<CaseDisposalPart> {
  /**
   * The next due case of the tenant, locked; cases another transaction holds are skipped, and so
   * are the ids in `passOver` (cases that failed earlier in this run).
   */
  claimDue(
    trx: Kysely<Database>,
    tenantId: string,
    periods: VersionPeriod[],
    now: Date,
    passOver: readonly string[],
  ): Promise<DueCase | undefined>;
  /** The tenant's pending closed cases per service: due now, or per month of their due date. */
  pending(
    tenantId: string,
    periods: VersionPeriod[],
    now: Date,
  ): Promise<{ serviceId: string; month: string; count: number; firstDueAt: Date }[]>;
  /** The tenant's archived cases, latest first: what is to be transferred to the e-archive. */
  archived(
    tenantId: string,
    limit: number,
  ): Promise<{ reference: string; serviceId: string; closedAt: Date; archivedAt: Date }[]>;
}

/** Unfinished drafts that nobody will come back to (modules/applications). */
export interface DraftDisposal {
  /**
   * Removes up to `limit` open drafts untouched since the given times, with their attachments
   * (rows here; files by the caller after the commit).
   */
  removeAbandoned(
    trx: Kysely<Database>,
    options: { personBefore: Date; anonymousBefore: Date; limit: number; tenantIds?: readonly string[] },
  ): Promise<{
    drafts: { tenantId: string; anonymous: boolean }[];
    files: { tenantId: string; storageKey: string }[];
  }>;
}
