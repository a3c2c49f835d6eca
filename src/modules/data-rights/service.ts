/**
 * Residents' rights on My Pages (issue #14, docs/privacy.md, decision 0032): download everything
 * held about me, see who read my cases, delete my profile; and the municipality's choice whether
 * the access log names officers. Reads other modules' data only through their services.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { Language } from '../../platform/i18n/i18n.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { type AccessLogDeps, createAccessLog } from './access-log.ts';
import { createDeletion, type DeletionDeps, selfActor } from './deletion.ts';
import { createExportGatherer, type ExportDeps } from './export-data.ts';
import type { DataExport } from './export-shape.ts';
import { showsOfficerNames } from './model.ts';

export type DataRightsDeps = Omit<ExportDeps, 'accessLog'> &
  AccessLogDeps &
  DeletionDeps & { tenants: Pick<TenantService, 'list' | 'byId' | 'saveSettings'>; db: Kysely<Database> };

/** Builds the service. */
export function createDataRightsService(deps: DataRightsDeps) {
  const accessLog = createAccessLog(deps);
  const gatherer = createExportGatherer({ ...deps, accessLog });
  const deletion = createDeletion(deps);

  function requireAdmin(actor: StaffActor): void {
    if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators change this setting');
  }

  return {
    ...accessLog,
    ...deletion,

    /**
     * Everything held about the person, in `lang`; the download is recorded in the audit log of
     * each municipality whose data it holds, or of every one when it holds only the shared profile.
     */
    async exportFor(personId: string, lang: Language, format: 'json' | 'pdf'): Promise<DataExport> {
      const { data, tenantIds } = await gatherer.gather(personId, lang);
      const tenants =
        tenantIds.length > 0 ? tenantIds : (await deps.tenants.list()).map((tenant) => tenant.id);
      const at = deps.now();
      await deps.db.transaction().execute(async (trx) => {
        for (const tenantId of tenants)
          await recordAudit(trx, {
            tenantId,
            actor: selfActor(personId),
            action: 'person.dataExported',
            subjectPersonId: personId,
            details: { format, cases: data.cases.length, drafts: data.drafts.length },
            at,
          });
      });
      return data;
    },

    /** Whether the tenant's residents see officers' names in their access log (administrators only). */
    async showsOfficerNames(actor: StaffActor): Promise<boolean> {
      requireAdmin(actor);
      return showsOfficerNames((await deps.tenants.byId(actor.tenantId)).settings);
    },

    /** Saves the choice, audited in the same transaction; VALIDATION_FAILED when none was made. */
    async saveShowOfficerNames(actor: StaffActor, choice: string | undefined): Promise<void> {
      requireAdmin(actor);
      if (choice !== 'yes' && choice !== 'no')
        throw new AppError('VALIDATION_FAILED', 'Choose yes or no', [
          { field: 'showNames', message: 'settingsMissing' },
        ]);
      const tenant = await deps.tenants.byId(actor.tenantId);
      const show = choice === 'yes';
      await deps.tenants.saveSettings(
        tenant.id,
        { ...tenant.settings, showOfficerNamesInAccessLog: show },
        {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'tenant.accessLogNamesSaved',
          details: { showOfficerNamesInAccessLog: show },
          at: deps.now(),
        },
      );
    },
  };
}

export type DataRightsService = ReturnType<typeof createDataRightsService>;
