/**
 * Deleting a resident's profile (GDPR art. 17, issue #14, decision 0032): only when nothing the
 * municipalities must keep points at the person; then the profile, drafts, ended representations
 * and sessions go in one transaction, audited in every municipality without the personal data.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { SessionService } from '../../platform/sessions/session-service.ts';
import type { FileStorage } from '../../platform/storage/file-storage.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { ApplicationService } from '../applications/service.ts';
import { isClosedCategory } from '../cases/model.ts';
import type { CaseService } from '../cases/service.ts';
import type { MessageService } from '../messages/service.ts';
import type { OrganisationService } from '../organisation/service.ts';
import type { ProfileService } from '../profile/service.ts';
import type { RepresentativeService } from '../representatives/service.ts';
import { type DeletionBlocker, type DeletionFacts, deletionBlockers } from './model.ts';

export interface DeletionDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'list'>;
  profile: Pick<ProfileService, 'deletePerson'>;
  cases: Pick<CaseService, 'everyCaseOfPerson' | 'referenceOf'>;
  applications: Pick<ApplicationService, 'draftsStartedForOthers' | 'deleteAllDraftsOf'>;
  messages: Pick<MessageService, 'caseIdsWrittenBy'>;
  representatives: Pick<RepresentativeService, 'representationsOfParty' | 'deleteEndedOf'>;
  organisation: Pick<OrganisationService, 'staffTenantsOf'>;
  sessions: Pick<SessionService, 'endAllOf'>;
  storage: Pick<FileStorage, 'remove'>;
  now: () => Date;
}

/**
 * The actor of a resident's own act on their data: named by role, not by name, so the entry
 * holds no personal data beyond the person's id (which resolves to nobody once deleted).
 */
export function selfActor(personId: string): AuditActor {
  return { staffId: null, personId, name: 'Invånaren själv (Mina sidor)', unitNames: [] };
}

const FOREIGN_KEY_VIOLATION = '23503';

/** Builds the deletion check and the deletion. */
export function createDeletion(deps: DeletionDeps) {
  /** Others' cases the person wrote in, or filed through a draft they started for someone. */
  async function actedInCases(
    personId: string,
    ownReferences: Set<string>,
    drafts: { caseId: string | null }[],
  ): Promise<string[]> {
    const written = await deps.messages.caseIdsWrittenBy(personId);
    const caseIds = [...written, ...drafts.flatMap((draft) => (draft.caseId ? [draft.caseId] : []))];
    const references = await Promise.all([...new Set(caseIds)].map((id) => deps.cases.referenceOf(id)));
    return references.filter((reference) => !ownReferences.has(reference)).sort();
  }

  async function facts(personId: string): Promise<DeletionFacts> {
    const [cases, tenants, representations, staffTenantIds, drafts] = await Promise.all([
      deps.cases.everyCaseOfPerson(personId),
      deps.tenants.list(),
      deps.representatives.representationsOfParty(personId),
      deps.organisation.staffTenantsOf(personId),
      deps.applications.draftsStartedForOthers(personId),
    ]);
    const nameOf = (tenantId: string) => tenants.find((tenant) => tenant.id === tenantId)?.name ?? '';
    return {
      ownCases: cases.map((item) => ({
        reference: item.reference,
        municipality: item.tenantName,
        closed: isClosedCategory(item.statusCategory),
      })),
      actedInCases: await actedInCases(personId, new Set(cases.map((item) => item.reference)), drafts),
      draftsForOthers: drafts.filter((draft) => draft.status === 'open').length,
      representationsInForce: representations
        .filter((row) => row.state === 'active' || row.state === 'upcoming')
        .map((row) => ({
          side: row.side,
          kind: row.kind,
          otherName: row.otherName,
          municipality: row.tenantName,
        })),
      staffIn: staffTenantIds.map(nameOf),
    };
  }

  /** The writes, in one transaction; resolves to the storage keys of the deleted drafts' files. */
  async function erase(personId: string): Promise<string[]> {
    const tenants = await deps.tenants.list();
    return deps.db.transaction().execute(async (trx) => {
      const files = await deps.applications.deleteAllDraftsOf(personId, trx);
      const representations = await deps.representatives.deleteEndedOf(personId, trx);
      const sessions = await deps.sessions.endAllOf(personId, trx);
      await deps.profile.deletePerson(personId, trx);
      // The profile is every municipality's (decision 0001), so each one's log records its end.
      const at = deps.now();
      for (const tenant of tenants)
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: selfActor(personId),
          action: 'person.deleted',
          subjectPersonId: personId,
          details: { drafts: files.length, representations, sessions },
          at,
        });
      return files;
    });
  }

  return {
    /** Why the person's profile cannot be deleted now; empty when it can. */
    deletionBlockersOf: async (personId: string): Promise<DeletionBlocker[]> =>
      deletionBlockers(await facts(personId)),

    /**
     * Deletes the profile when nothing keeps it; otherwise resolves to the blockers and changes
     * nothing. CONFLICT when something came to point at the person meanwhile (a case just filed).
     */
    async deleteProfile(
      personId: string,
    ): Promise<{ deleted: true } | { deleted: false; blockers: DeletionBlocker[] }> {
      const blockers = deletionBlockers(await facts(personId));
      if (blockers.length > 0) return { deleted: false, blockers };
      let files: string[];
      try {
        files = await erase(personId);
      } catch (error) {
        if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION)
          throw new AppError('CONFLICT', 'Something now refers to the profile; it was not deleted');
        throw error;
      }
      // After the commit: a file left behind by a crash here is removed by the orphan sweeper.
      await Promise.all(files.map((key) => deps.storage.remove(key).catch(() => undefined)));
      return { deleted: true };
    },
  };
}
