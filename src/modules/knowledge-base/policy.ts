/**
 * Who may do what in the knowledge base (issue #13), as one pure function. Every staff member of
 * the tenant may search and read it (drafts too: an officer on the phone needs it as much as the
 * customer centre); administrators and customer-centre staff write it; the owner unit's officers
 * and unit leads may also confirm that an answer is still right (mark it reviewed).
 */
import type { StaffActor } from '../organisation/model.ts';

export type KnowledgeBaseAction = 'read' | 'edit' | 'markReviewed';

/** Whether the actor may take the action on an entry owned by `ownerUnitId` (null: no entry yet). */
export function canKnowledgeBase(
  actor: Pick<StaffActor, 'role' | 'unitIds'>,
  action: KnowledgeBaseAction,
  ownerUnitId: string | null = null,
): boolean {
  const writer = actor.role === 'admin' || actor.role === 'customerCentre';
  if (action === 'read') return true;
  if (action === 'edit') return writer;
  return writer || (ownerUnitId !== null && actor.unitIds.includes(ownerUnitId));
}
