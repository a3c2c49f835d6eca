/**
 * Plain-language routing's use cases (issue #13): suggestions for a resident's words (home page, search
 * page, the anonymous API), recording the service a resident chose after a search, learning from an
 * officer's correction when a case is moved, and the admins' synonyms (audited).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import {
  type HistoryModel,
  type RoutableService,
  type Suggestion,
  suggestServices,
  trainHistory,
} from './model.ts';
import { routableService } from './routable.ts';
import { scrubQuery } from './scrub.ts';
import {
  clearLinks,
  deleteSynonym,
  insertExamples,
  insertSynonym,
  type SynonymRow,
  selectChoiceOfCase,
  selectExamples,
  selectSynonyms,
  sessionChoices,
} from './store.ts';
import { checkSynonym, type SynonymInput } from './synonym-input.ts';

export type { Suggestion, SynonymInput, SynonymRow };

/** A knowledge-base answer as the home page shows it (the knowledge base module's search, wired in services.ts). */
export interface KnowledgeAnswer {
  id: string;
  question: string;
  answerExcerpt: string;
  score: number;
  url: string;
}

/** The knowledge base's search (none where it is not wired); answers linked to `serviceId` are lifted. */
export type KnowledgeSearch = (
  tenantId: string,
  text: string,
  options: { limit: number; serviceId?: string },
) => Promise<KnowledgeAnswer[]>;

/** A case an officer moved to another service (case-handling's hook, in the move's transaction). */
export interface CaseMoved {
  tenantId: string;
  caseId: string;
  fromServiceId: string;
  toServiceId: string;
  applicantPersonId: string | null;
  anonymousSessionId: string | null;
  submittedAt: Date;
}

export interface RoutingService {
  /** The tenant's live e-services for the words, best first. */
  suggest(tenantId: string, text: string, limit?: number): Promise<Suggestion[]>;
  /**
   * Knowledge-base answers for the words (none when the knowledge base is not wired). `serviceId`,
   * the service the search suggests first, lifts the answers linked to it, so that what the
   * synonyms and the learned history know about the words also orders the answers.
   */
  answers(
    tenantId: string,
    text: string,
    options?: { limit?: number; serviceId?: string },
  ): Promise<KnowledgeAnswer[]>;
  /**
   * Records that a resident chose a service after a search; returns whether it was kept. Kept only
   * when the scrubbed query is not empty, the service was among the suggestions for it, and the
   * session has recorded fewer than CHOICES_PER_SESSION choices in a day (never the same pair twice).
   */
  recordChoice(
    tenantId: string,
    input: { query: string; serviceId: string; sessionId: string; personId: string | null },
  ): Promise<boolean>;
  /** Learns from a moved case: its search (if one led to it) → +1 new service, −1 old. */
  recordCorrection(trx: Kysely<Database>, move: CaseMoved): Promise<boolean>;
  synonyms(actor: StaffActor): Promise<SynonymRow[]>;
  addSynonym(actor: StaffActor, input: SynonymInput): Promise<void>;
  removeSynonym(actor: StaffActor, id: string): Promise<void>;
  /** Seeding: the demo synonyms, when the tenant has none yet; returns how many were added. */
  seedDemo(tenantId: string, synonyms: readonly DemoSynonym[]): Promise<number>;
}

/** A demo synonym (demo/routing-synonyms.json): a phrase → an e-service slug and/or words. */
export interface DemoSynonym {
  phrase: string;
  service?: string;
  words?: string;
}

export interface RoutingDeps {
  db: Kysely<Database>;
  tenants: TenantService;
  catalogue: CatalogueService;
  knowledge?: KnowledgeSearch;
  now: () => Date;
}

export const CHOICES_PER_SESSION = 20;
/** How long a tenant's ranking inputs are reused before they are read again. */
const CACHE_MS = 30_000;
const LINK_DAYS = 30;

interface TenantInputs {
  services: RoutableService[];
  synonyms: SynonymRow[];
  history: HistoryModel;
  readAt: number;
}

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators keep the synonyms');
}

export function createRoutingService(deps: RoutingDeps): RoutingService {
  const { db, now } = deps;
  const cache = new Map<string, TenantInputs>();

  const inputsOf = async (tenantId: string): Promise<TenantInputs> => {
    const cached = cache.get(tenantId);
    if (cached && Date.now() - cached.readAt < CACHE_MS) return cached;
    const [live, lifeEvents, synonyms, examples] = await Promise.all([
      deps.catalogue.liveServices(tenantId),
      deps.tenants.lifeEvents(tenantId),
      selectSynonyms(db, tenantId),
      selectExamples(db, tenantId),
    ]);
    const titles = new Map(lifeEvents.map((event) => [event.slug, event.title.sv]));
    const inputs = {
      services: live.map((service) =>
        routableService(service.serviceId, service.slug, service.version.definition, titles),
      ),
      synonyms,
      history: trainHistory(examples),
      readAt: Date.now(),
    };
    cache.set(tenantId, inputs);
    return inputs;
  };

  const audit = (trx: Kysely<Database>, actor: StaffActor, action: string, details: object) =>
    recordAudit(trx, {
      tenantId: actor.tenantId,
      actor: auditActorOf(actor),
      action,
      details: { ...details },
      at: now(),
    });

  const service: RoutingService = {
    async suggest(tenantId, text, limit = 5) {
      const query = text.slice(0, 200);
      const inputs = await inputsOf(tenantId);
      return suggestServices(query, { ...inputs, limit });
    },

    async answers(tenantId, text, options = {}) {
      if (!deps.knowledge || !text.trim()) return [];
      return deps.knowledge(tenantId, text.slice(0, 200), { limit: 3, ...options });
    },

    async recordChoice(tenantId, input) {
      const query = scrubQuery(input.query);
      if (!query) return false;
      const suggested = await service.suggest(tenantId, query);
      if (!suggested.some((suggestion) => suggestion.serviceId === input.serviceId)) return false;
      const at = now();
      const since = new Date(at.getTime() - 24 * 3600_000);
      const pair = { query, serviceId: input.serviceId };
      const made = await sessionChoices(db, input.sessionId, since, pair);
      if (made.repeated || made.count >= CHOICES_PER_SESSION) return false;
      await db.transaction().execute(async (trx) => {
        await insertExamples(trx, [
          {
            tenantId,
            ...pair,
            source: 'choice',
            weight: 1,
            sessionId: input.sessionId,
            personId: input.personId,
            createdAt: at,
          },
        ]);
        // The link to a session or person is only for finding a moved case's search (decision 0026).
        await clearLinks(trx, { before: new Date(at.getTime() - LINK_DAYS * 24 * 3600_000) });
      });
      cache.delete(tenantId);
      return true;
    },

    async recordCorrection(trx, move) {
      if (move.fromServiceId === move.toServiceId) return false;
      const choice = await selectChoiceOfCase(trx, {
        tenantId: move.tenantId,
        serviceId: move.fromServiceId,
        personId: move.applicantPersonId,
        sessionId: move.anonymousSessionId,
        submittedAt: move.submittedAt,
      });
      if (!choice) return false;
      const common = { tenantId: move.tenantId, query: choice.query, source: 'correction' as const };
      await insertExamples(trx, [
        { ...common, serviceId: move.toServiceId, weight: 1, caseId: move.caseId, createdAt: now() },
        { ...common, serviceId: move.fromServiceId, weight: -1, caseId: move.caseId, createdAt: now() },
      ]);
      await clearLinks(trx, { id: choice.id });
      cache.delete(move.tenantId);
      return true;
    },

    async synonyms(actor) {
      requireAdmin(actor);
      return selectSynonyms(db, actor.tenantId);
    },

    async addSynonym(actor, input) {
      requireAdmin(actor);
      const checked = checkSynonym(input);
      if ('errors' in checked)
        throw new AppError('VALIDATION_FAILED', 'The synonym is not valid', checked.errors);
      const { value } = checked;
      if (value.serviceId && !(await deps.catalogue.isServiceOfTenant(actor.tenantId, value.serviceId))) {
        throw new AppError('VALIDATION_FAILED', 'Choose one of the e-services', [
          { field: 'serviceId', message: 'serviceUnknown' },
        ]);
      }
      await db.transaction().execute(async (trx) => {
        const id = await insertSynonym(trx, { tenantId: actor.tenantId, ...value });
        await audit(trx, actor, 'routing.synonymAdded', { synonymId: id, ...value });
      });
      cache.delete(actor.tenantId);
    },

    async removeSynonym(actor, id) {
      requireAdmin(actor);
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('NOT_FOUND');
      await db.transaction().execute(async (trx) => {
        const removed = await deleteSynonym(trx, actor.tenantId, id);
        if (!removed) throw new AppError('NOT_FOUND');
        await audit(trx, actor, 'routing.synonymRemoved', { synonymId: id, ...removed });
      });
      cache.delete(actor.tenantId);
    },

    async seedDemo(tenantId, synonyms) {
      if (synonyms.length === 0 || (await selectSynonyms(db, tenantId)).length > 0) return 0;
      const live = await deps.catalogue.liveServices(tenantId);
      const rows = synonyms.flatMap((synonym) => {
        const serviceId = synonym.service
          ? live.find((candidate) => candidate.slug === synonym.service)?.serviceId
          : null;
        const checked = checkSynonym({
          phrase: synonym.phrase,
          serviceId: serviceId ?? '',
          words: synonym.words ?? '',
        });
        return 'value' in checked && serviceId !== undefined ? [checked.value] : [];
      });
      await db.transaction().execute(async (trx) => {
        for (const row of rows) await insertSynonym(trx, { tenantId, ...row });
      });
      cache.delete(tenantId);
      return rows.length;
    },
  };
  return service;
}
