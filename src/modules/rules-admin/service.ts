/**
 * Rules administration (issue #10): the tenant's services with decision models and their versions,
 * a version's model for reading and trying, uploading a new model as a draft (through the
 * catalogue's checks), simulating a version against past cases, and publishing. Administrators only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { CaseService } from '../cases/service.ts';
import { liveVersion, type ServiceVersion } from '../catalogue/model.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { DmnError, type DmnModel } from '../decision-rules/dmn-model.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import type { DecisionSupportDefinition, LocalizedText } from '../forms/definition.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { type Proposal, propose } from '../proposals/model.ts';
import { type VersionState, versionState } from './model.ts';
import { modelSha256, ruleVersionOf } from './rule-version.ts';
import { type SimulationReport, simulateVersion } from './simulation.ts';
import { parseTryInput, type TryField, type TryInput, tryFields } from './try-model.ts';
import { type UploadedModel, type UploadResult, uploadModel } from './upload-service.ts';

export type { SimulationReport, UploadedModel, UploadResult };

/** A version as the rules pages list it. */
export interface RulesVersion {
  id: string;
  version: number;
  state: VersionState;
  publishedFrom: Date | null;
  /** The decision the service's proposals use, and the SHA-256 of the model (hex). */
  decision?: string;
  modelSha256?: string;
}

/** A service of the tenant with its versions, newest first. */
export interface RulesService {
  slug: string;
  serviceId: string;
  title: LocalizedText;
  /** Whether any version carries a decision model. */
  hasRules: boolean;
  versions: RulesVersion[];
}

/** One version opened: its model (parsed) and the fields of its "Prova" form. */
export interface RulesVersionDetails {
  service: RulesService;
  version: RulesVersion;
  support?: DecisionSupportDefinition;
  model?: DmnModel;
  /** Why the stored model could not be read (it was checked on import, so this should not happen). */
  modelError?: string;
  fields: TryField[];
}

/** The result of trying a model: what was typed, and the proposal or why there is none. */
export interface TryResult {
  input: TryInput;
  proposal?: Proposal;
  error?: { code: string; message: string };
}

export interface RulesAdminService {
  /** Every service of the tenant, those with decision models first. */
  overview(actor: StaffActor): Promise<RulesService[]>;
  /** One service's versions; SERVICE_NOT_FOUND for another tenant's or an unknown slug. */
  service(actor: StaffActor, slug: string): Promise<RulesService>;
  /** One version of a service with its model; SERVICE_NOT_FOUND when the version is not the service's. */
  version(actor: StaffActor, slug: string, versionId: string): Promise<RulesVersionDetails>;
  /** The stored DMN XML of a version and a file name for it. */
  modelFile(actor: StaffActor, slug: string, versionId: string): Promise<{ filename: string; xml: string }>;
  /** Evaluates the version's decision for typed inputs, as a proposal would; writes nothing. */
  tryModel(
    actor: StaffActor,
    slug: string,
    versionId: string,
    body: Record<string, string | string[]>,
  ): Promise<TryResult>;
  /** A new draft from the latest version with the uploaded model; refused with every problem named. */
  upload(actor: StaffActor, slug: string, file: UploadedModel): Promise<UploadResult>;
  /** Runs a version against the service's past cases (decision 0013); reads cases, writes none. */
  simulate(
    actor: StaffActor,
    slug: string,
    versionId: string,
    page: { page: number; pageSize: number },
  ): Promise<SimulationReport>;
  /** Publishes a draft from now, audited in the same transaction. */
  publish(actor: StaffActor, slug: string, versionId: string): Promise<void>;
}

export interface RulesAdminDeps {
  db: Kysely<Database>;
  catalogue: CatalogueService;
  cases: Pick<CaseService, 'answersOfService'>;
  now: () => Date;
}

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage decision rules');
}

function summary(version: ServiceVersion, liveId: string | undefined, now: Date): RulesVersion {
  const support = version.definition.decisionSupport;
  return {
    id: version.id,
    version: version.version,
    state: versionState(version, liveId, now),
    publishedFrom: version.publishedFrom,
    decision: support?.decision,
    modelSha256: support ? modelSha256(support.model) : undefined,
  };
}

function serviceOf(slug: string, serviceId: string, versions: ServiceVersion[], now: Date): RulesService {
  const live = liveVersion(versions, now);
  const latest = versions.at(-1);
  return {
    slug,
    serviceId,
    title: (live ?? latest)?.definition.title ?? { sv: slug, en: slug },
    hasRules: versions.some((version) => version.definition.decisionSupport),
    versions: versions.map((version) => summary(version, live?.id, now)).reverse(),
  };
}

/** Creates the rules administration service. */
export function createRulesAdminService(deps: RulesAdminDeps): RulesAdminService {
  const { catalogue, now } = deps;
  const versionsOf = async (actor: StaffActor, slug: string) => {
    requireAdmin(actor);
    const versions = await catalogue.versions(actor.tenantId, slug);
    if (versions.length === 0) throw new AppError('SERVICE_NOT_FOUND');
    return versions;
  };
  const found = async (actor: StaffActor, slug: string, versionId: string) => {
    const versions = await versionsOf(actor, slug);
    const version = versions.find((candidate) => candidate.id === versionId);
    if (!version) throw new AppError('SERVICE_NOT_FOUND');
    return { versions, version };
  };
  /** A version with its model parsed and its "Prova" fields. */
  const opened = async (actor: StaffActor, slug: string, versionId: string) => {
    const { versions, version } = await found(actor, slug, versionId);
    const at = now();
    const details: RulesVersionDetails = {
      service: serviceOf(slug, version.serviceId, versions, at),
      version: summary(version, liveVersion(versions, at)?.id, at),
      support: version.definition.decisionSupport,
      fields: [],
    };
    if (details.support) {
      try {
        details.model = await parseDmn(details.support.model);
        details.fields = tryFields(details.model);
      } catch (error) {
        if (!(error instanceof DmnError)) throw error;
        details.modelError = error.message;
      }
    }
    return { version, details };
  };

  return {
    async overview(actor) {
      requireAdmin(actor);
      const all = await catalogue.allVersions(actor.tenantId);
      const at = now();
      return all
        .map((entry) => serviceOf(entry.slug, entry.serviceId, entry.versions, at))
        .sort(
          (a, b) => Number(b.hasRules) - Number(a.hasRules) || a.title.sv.localeCompare(b.title.sv, 'sv'),
        );
    },
    async service(actor, slug) {
      const versions = await versionsOf(actor, slug);
      return serviceOf(slug, versions[0]?.serviceId ?? '', versions, now());
    },
    async version(actor, slug, versionId) {
      return (await opened(actor, slug, versionId)).details;
    },
    async modelFile(actor, slug, versionId) {
      const { version } = await found(actor, slug, versionId);
      const support = version.definition.decisionSupport;
      if (!support) throw new AppError('NOT_FOUND', 'This version has no decision model');
      return { filename: `${slug}-version-${version.version}.dmn`, xml: support.model };
    },
    async tryModel(actor, slug, versionId, body) {
      const { version, details } = await opened(actor, slug, versionId);
      const { support, model } = details;
      if (!support || !model) throw new AppError('NOT_FOUND', 'This version has no decision model');
      const input = parseTryInput(details.fields, body);
      if (input.errors.length > 0) return { input };
      try {
        return { input, proposal: propose(model, support, input.inputs, ruleVersionOf(version, support)) };
      } catch (error) {
        if (!(error instanceof DmnError)) throw error;
        return { input, error: { code: error.code, message: error.message } };
      }
    },
    async upload(actor, slug, file) {
      const versions = await versionsOf(actor, slug);
      return uploadModel({ catalogue, actor, auditActor: auditActorOf(actor), versions, file });
    },
    async simulate(actor, slug, versionId, page) {
      const { versions, version } = await found(actor, slug, versionId);
      const report = await simulateVersion({
        cases: deps.cases,
        tenantId: actor.tenantId,
        versions,
        version,
        today: now(),
        page,
      });
      // Reading many cases' answers is logged (principle 6), once per run, with what it found.
      await recordAudit(deps.db, {
        tenantId: actor.tenantId,
        actor: auditActorOf(actor),
        action: 'rules.simulated',
        details: {
          serviceId: version.serviceId,
          versionId: version.id,
          version: version.version,
          evaluated: report.evaluated,
          changed: report.changed,
        },
        at: now(),
      });
      return report;
    },
    async publish(actor, slug, versionId) {
      const { version } = await found(actor, slug, versionId);
      const support = version.definition.decisionSupport;
      await catalogue.publish(actor.tenantId, version.id, now(), {
        actor: auditActorOf(actor),
        action: 'rules.published',
        details: support ? { decision: support.decision, modelSha256: modelSha256(support.model) } : {},
      });
    },
  };
}
