/**
 * Gathers everything held about a resident from the modules that hold it (their services, never
 * their tables) into one DataExport (issue #14, decision 0032).
 */
import type { Language } from '../../platform/i18n/i18n.ts';
import { localized, translator } from '../../platform/i18n/i18n.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { ApplicationService } from '../applications/service.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DecisionService } from '../decisions/service.ts';
import type { MessageService } from '../messages/service.ts';
import type { ProfileService } from '../profile/service.ts';
import type { RepresentativeService } from '../representatives/service.ts';
import type { AccessLog, AccessLogReads } from './access-log.ts';
import {
  consentsOf,
  type DataExport,
  type ExportedAccess,
  type ExportedDraft,
  type ExportedRepresentation,
  exportedAnswers,
  exportedCase,
} from './export-shape.ts';
import { dataRightsMessages } from './messages.ts';
import type { AccessEntry } from './model.ts';
import { readerTexts } from './reader-text.ts';

export interface ExportDeps {
  tenants: Pick<TenantService, 'list' | 'byId'>;
  profile: Pick<ProfileService, 'getProfile'>;
  cases: Pick<CaseService, 'everyCaseOfPerson' | 'caseForResident' | 'referenceOf'>;
  catalogue: Pick<CatalogueService, 'version'>;
  applications: Pick<ApplicationService, 'openDraftsWithAnswers'>;
  messages: Pick<MessageService, 'messagesOfCase'>;
  decisions: Pick<DecisionService, 'decisionsOfCase'>;
  representatives: Pick<RepresentativeService, 'representationsOfParty'>;
  accessLog: AccessLogReads;
  now: () => Date;
}

/** A DataExport and the tenants whose data it holds (their audit logs record the download). */
export interface GatheredExport {
  data: DataExport;
  tenantIds: string[];
}

function accessLines(log: AccessLog, lang: Language): ExportedAccess[] {
  const line = (reference: string | null, municipality: string, entry: AccessEntry): ExportedAccess => {
    const { action, who, unit, role } = readerTexts(entry, lang);
    return { reference, municipality, at: entry.at.toISOString(), action, reader: who, unit, role };
  };
  return [
    ...log.cases.flatMap((item) =>
      item.entries.map((entry) => line(item.reference, item.municipality, entry)),
    ),
    ...log.aboutYou.map((entry) => line(null, entry.municipality, entry)),
  ];
}

/** Builds the export gatherer. */
export function createExportGatherer(deps: ExportDeps) {
  async function cases(personId: string, lang: Language) {
    const summaries = await deps.cases.everyCaseOfPerson(personId);
    // One case at a time: an export is rare, and a resident may have many cases.
    const gathered = [];
    for (const summary of summaries) {
      const details = await deps.cases.caseForResident({ personId, sessionId: null }, summary.reference);
      const [messages, decisions] = await Promise.all([
        deps.messages.messagesOfCase(details.case.id),
        deps.decisions.decisionsOfCase(details.case.id),
      ]);
      gathered.push({ details, exported: exportedCase(details, messages, decisions, lang) });
    }
    return gathered;
  }

  async function drafts(personId: string, lang: Language): Promise<(ExportedDraft & { tenantId: string })[]> {
    const rows = await deps.applications.openDraftsWithAnswers(personId);
    return Promise.all(
      rows.map(async (row) => {
        const [version, tenant] = await Promise.all([
          deps.catalogue.version(row.serviceVersionId),
          deps.tenants.byId(row.tenantId),
        ]);
        return {
          tenantId: row.tenantId,
          municipality: tenant.name,
          service: localized(version.definition.title, lang),
          startedAt: row.createdAt.toISOString(),
          lastSavedAt: row.updatedAt.toISOString(),
          startedByRepresentative: row.representativePersonId !== null,
          completesCase: row.completesCaseId ? await deps.cases.referenceOf(row.completesCaseId) : null,
          answers: exportedAnswers(version.definition, row.answers, lang),
        };
      }),
    );
  }

  async function representations(personId: string, lang: Language) {
    const t = translator(dataRightsMessages, lang);
    const rows = await deps.representatives.representationsOfParty(personId);
    return rows.map((row) => ({
      tenantId: row.tenantId,
      exported: {
        side: row.side,
        kind: row.kind,
        otherParty: row.otherName,
        municipality: row.tenantName,
        validFrom: row.validFrom,
        validTo: row.validTo,
        revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
        state: t(`state_${row.state}`),
      } satisfies ExportedRepresentation,
    }));
  }

  return {
    /** Everything held about the person, in `lang`. */
    async gather(personId: string, lang: Language): Promise<GatheredExport> {
      const profile = await deps.profile.getProfile(personId);
      const [caseList, draftList, representationList, log] = await Promise.all([
        cases(personId, lang),
        drafts(personId, lang),
        representations(personId, lang),
        deps.accessLog.accessLogOf(personId),
      ]);
      const tenantIds = new Set([
        ...caseList.map((item) => item.details.case.tenantId),
        ...draftList.map((item) => item.tenantId),
        ...representationList.map((item) => item.tenantId),
      ]);
      const { id: _id, ...person } = profile;
      const data: DataExport = {
        format: 'ingang-personal-data',
        version: 1,
        generatedAt: deps.now().toISOString(),
        language: lang,
        scope: translator(dataRightsMessages, lang)('exportScope'),
        person,
        cases: caseList.map((item) => item.exported),
        drafts: draftList.map(({ tenantId: _tenant, ...draft }) => draft),
        representations: representationList.map((item) => item.exported),
        consents: caseList.flatMap((item) => consentsOf(item.details, lang)),
        accessLog: accessLines(log, lang),
      };
      return { data, tenantIds: [...tenantIds] };
    },
  };
}
