/**
 * Secrecy between units and inside a case (issue #14, decision 0033). The handling unit shares one
 * case with another unit — with a reason and an end, each share and revoke a history event and an
 * audit entry in the change's transaction — and the officer's case page shows protected answers
 * (confidentiality 3) and their files only to an officer who gave a reason to see them, for
 * REVEAL_MINUTES; the reveal is audited with the field and the reason, never the value.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Answers } from '../forms/definition.ts';
import { swedishToday } from '../forms/validate-step.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { CaseChanges, HandledCase } from './case-changes.ts';
import { type CaseHandlingDeps, officerEventActor, type WithOfficerCase } from './officer-case.ts';
import { isShareActive, type OfficerAccess, officerAccess } from './policy.ts';
import { swedishDayStart } from './queue-model.ts';
import {
  addDays,
  checkReveal,
  checkShare,
  maskAnswers,
  protectedFieldIds,
  REVEAL_MINUTES,
  type ShareInput,
  visibleFieldIds,
} from './secrecy-model.ts';
import {
  type CaseShareRow,
  insertReveal,
  insertShare,
  revokeShare,
  selectActiveReveals,
} from './share-store.ts';

export interface CaseSecrecyActions {
  /** Shares the case with another unit until the end of `endsOn` (VALIDATION_FAILED with field errors). */
  shareCase(actor: StaffActor, reference: string, input: ShareInput): Promise<void>;
  /** Ends an active share now (NOT_FOUND when it is not active). */
  revokeShare(actor: StaffActor, reference: string, shareId: string): Promise<void>;
  /** Shows a protected answer to the officer for REVEAL_MINUTES, after a reason (VALIDATION_FAILED). */
  revealField(
    actor: StaffActor,
    reference: string,
    input: { fieldId: string; reason: string },
  ): Promise<void>;
}

/** A share as the case page lists it. */
export interface SharedWith extends CaseShareRow {
  unitName: string;
  active: boolean;
}

/** What the officer's case page knows of the case's secrecy. */
export interface CaseSecrecyView {
  /** How the officer reaches the case: its handling unit, or a share with one of their units. */
  access: Exclude<OfficerAccess, 'none'>;
  /** The handling unit's name. */
  ownerUnitName: string;
  /** The handling unit sees every share; a shared unit only its own. */
  shares: SharedWith[];
  /** The fields shown, judged on the real answers (a masked answer still opens what it conditions). */
  visibleFieldIds: string[];
  /**
   * The protected fields of the form: `masked` when answered and not revealed to this officer (the
   * answer is left out), else `revealedUntil` when revealed.
   */
  protectedFields: { fieldId: string; masked: boolean; revealedUntil: Date | null }[];
  /** Files of protected fields the page leaves out until their field is revealed. */
  hiddenAttachments: number;
}

const refused = (errors: { field: string; message: string }[]) =>
  new AppError('VALIDATION_FAILED', 'The form has errors', errors);

/** Builds the share, revoke and reveal actions on `withOfficerCase`. */
export function createCaseSecrecyActions(
  deps: Pick<CaseHandlingDeps, 'organisation' | 'now'>,
  withOfficerCase: WithOfficerCase,
  changes: Pick<CaseChanges, 'recordEvent'>,
): CaseSecrecyActions {
  const { now } = deps;
  return {
    async shareCase(actor, reference, input) {
      // Read before the transaction: inside it only `trx` may be used (embedded PGlite has one connection).
      const unitNames = await deps.organisation.unitNames(actor.tenantId);
      const at = now();
      const today = swedishToday(at);
      await withOfficerCase(
        actor,
        reference,
        'share',
        async (trx, handled) => {
          const sharedWith = new Set((handled.sharing?.shares ?? []).map((share) => share.unitId));
          const context = {
            today,
            unitIds: new Set(unitNames.keys()),
            ownerUnitId: handled.row.unitId,
            sharedWith,
          };
          const checked = checkShare(input, context);
          if ('errors' in checked) throw refused(checked.errors);
          const { unitId, reason, endsOn } = checked.ok;
          // The share covers the whole last day, Swedish time.
          const endsAt = swedishDayStart(addDays(endsOn, 1));
          const shareId = await insertShare(trx, {
            tenantId: handled.row.tenantId,
            caseId: handled.row.id,
            unitId,
            reason,
            sharedByStaffId: actor.staffId,
            sharedByName: actor.name,
            sharedAt: at,
            endsAt,
          });
          await changes.recordEvent(trx, handled, {
            type: 'caseShared',
            actor: officerEventActor(actor),
            data: { shareId, unitId, unit: unitNames.get(unitId) ?? '', endsOn, text: reason },
            visibility: 'internal',
          });
          return { shareId, unitId, reason, endsOn };
        },
        (share) => ({ action: 'case.shared', details: share }),
      );
    },

    async revokeShare(actor, reference, shareId) {
      const unitNames = await deps.organisation.unitNames(actor.tenantId);
      await withOfficerCase(
        actor,
        reference,
        'share',
        async (trx, handled) => {
          const at = now();
          const revoked = await revokeShare(trx, handled.row.id, shareId, {
            at,
            staffId: actor.staffId,
            name: actor.name,
          });
          if (!revoked) throw new AppError('NOT_FOUND');
          await changes.recordEvent(trx, handled, {
            type: 'shareRevoked',
            actor: officerEventActor(actor),
            data: { shareId, unitId: revoked.unitId, unit: unitNames.get(revoked.unitId) ?? '' },
            visibility: 'internal',
          });
          return { shareId, unitId: revoked.unitId };
        },
        (share) => ({ action: 'case.shareRevoked', details: share }),
      );
    },

    async revealField(actor, reference, input) {
      await withOfficerCase(
        actor,
        reference,
        'read',
        async (trx, handled) => {
          const checked = checkReveal(input, protectedFieldIds(handled.version.definition));
          if ('errors' in checked) throw refused(checked.errors);
          const at = now();
          await insertReveal(trx, {
            tenantId: handled.row.tenantId,
            caseId: handled.row.id,
            staffId: actor.staffId,
            fieldId: checked.ok.fieldId,
            revealedAt: at,
            expiresAt: new Date(at.getTime() + REVEAL_MINUTES * 60_000),
          });
          return checked.ok;
        },
        // The field and the reason, never the value (decision 0033).
        (reveal) => ({ action: 'case.fieldRevealed', details: reveal }),
      );
    },
  };
}

/**
 * The case as this officer may see it now: protected answers and their files left out unless the
 * officer revealed them, and the shares the page lists. Runs inside the read's transaction.
 */
export async function protectForOfficer<F extends { fieldId: string }>(
  trx: Kysely<Database>,
  input: {
    actor: StaffActor;
    handled: HandledCase;
    attachments: F[];
    shares: CaseShareRow[];
    unitNames: ReadonlyMap<string, string>;
    at: Date;
  },
): Promise<{ answers: Answers; attachments: F[]; view: CaseSecrecyView }> {
  const { actor, handled, at } = input;
  const definition = handled.version.definition;
  const facts = { ...handled.row, sharing: handled.sharing };
  const access = officerAccess(actor, facts) === 'share' ? 'share' : 'unit';
  const protectedIds = protectedFieldIds(definition);
  const revealed: Map<string, Date> =
    protectedIds.length > 0 ? await selectActiveReveals(trx, actor.staffId, handled.row.id, at) : new Map();
  const masked = maskAnswers(handled.row.answers, protectedIds, new Set(revealed.keys()));
  const hidden = new Set(protectedIds.filter((id) => !revealed.has(id)));
  const attachments = input.attachments.filter((file) => !hidden.has(file.fieldId));
  const shares = input.shares
    .filter((share) => access === 'unit' || actor.unitIds.includes(share.unitId))
    .map((share) => {
      const facts = {
        ...share,
        endsAt: new Date(share.endsAt),
        revokedAt: share.revokedAt && new Date(share.revokedAt),
      };
      return {
        ...share,
        unitName: input.unitNames.get(share.unitId) ?? '',
        active: isShareActive(facts, at),
      };
    });
  return {
    answers: masked.answers,
    attachments,
    view: {
      access,
      ownerUnitName: handled.row.unitId ? (input.unitNames.get(handled.row.unitId) ?? '') : '',
      shares,
      visibleFieldIds: visibleFieldIds(definition, handled.row.answers),
      protectedFields: protectedIds.map((fieldId) => ({
        fieldId,
        masked: masked.hidden.includes(fieldId),
        revealedUntil: revealed.get(fieldId) ?? null,
      })),
      hiddenAttachments: input.attachments.length - attachments.length,
    },
  };
}
