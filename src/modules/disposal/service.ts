/**
 * Retention and disposal (gallring), issue #14, decision 0031: the job's run (run.ts) and the
 * administrators' overview of what falls due when, what was done, and the rules per service.
 */
import type { Kysely } from 'kysely';
import type { DisposalSettings } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffActor } from '../organisation/model.ts';
import {
  type DisposalRunResult,
  rulesOfServices,
  type ServiceRules,
  type UpcomingOfService,
  upcomingByService,
} from './model.ts';
import { canSeeDisposal } from './policy.ts';
import { type RunDeps, type RunOptions, runDisposal } from './run.ts';
import { selectRecentLog } from './store.ts';

export type RecentDisposal = Awaited<ReturnType<typeof selectRecentLog>>[number];

/** What the administrators' page shows (no names: references, services, dates and counts). */
export interface DisposalOverview {
  services: ServiceRules[];
  upcoming: UpcomingOfService[];
  recent: RecentDisposal[];
  archived: Awaited<ReturnType<RunDeps['record']['archived']>>;
  settings: Pick<DisposalSettings, 'abandonedDraftDays' | 'anonymousDraftHours' | 'intervalMinutes'>;
  now: Date;
}

export interface DisposalService {
  /** Disposes of or archives every due closed case, then abandoned drafts and expired sessions. */
  run(options?: Partial<RunOptions>): Promise<DisposalRunResult>;
  /** The tenant's rules, coming and recent disposals, archived cases; administrators only. */
  overview(actor: StaffActor): Promise<DisposalOverview>;
}

export interface DisposalServiceDeps extends Omit<RunDeps, 'settings' | 'db'> {
  db: Kysely<Database>;
  settings: DisposalOverview['settings'];
  now: () => Date;
}

const RECENT = 50;
const ARCHIVED = 100;

export function createDisposalService(deps: DisposalServiceDeps): DisposalService {
  return {
    run: (options = {}) => runDisposal(deps, { ...options, now: options.now ?? deps.now() }),
    async overview(actor) {
      if (!canSeeDisposal(actor)) throw new AppError('FORBIDDEN', 'Only administrators');
      const now = deps.now();
      const services = rulesOfServices(await deps.catalogue.allVersions(actor.tenantId));
      const periods = services.flatMap((service) =>
        service.versions.map(({ versionId, retentionPeriod }) => ({ versionId, retentionPeriod })),
      );
      const [pending, recent, archived] = await Promise.all([
        deps.record.pending(actor.tenantId, periods, now),
        selectRecentLog(deps.db, actor.tenantId, RECENT),
        deps.record.archived(actor.tenantId, ARCHIVED),
      ]);
      const upcoming = upcomingByService(pending, now);
      return { services, upcoming, recent, archived, settings: deps.settings, now };
    },
  };
}
