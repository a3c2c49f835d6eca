/**
 * The knowledge base's use cases (issue #13): residents search and read published answers (from the
 * page "Frågor och svar", each e-service's start page and the home page's suggestions); staff search
 * every answer while on the phone; administrators and the customer centre write them; the owner
 * unit confirms them on a review cycle. Every change is one transaction with its audit entry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { LocalizedText } from '../../platform/i18n/i18n.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { isUuid, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { rankDocuments } from '../text-search/index.ts';
import {
  addMonths,
  checkEntryOfTenant,
  DEFAULT_REVIEW_INTERVAL,
  type EntryForm,
  type EntryInput,
  type EntryStatus,
  excerptOf,
  plainAnswer,
  SERVICE_BOOST,
  strongHits,
} from './model.ts';
import { canKnowledgeBase, type KnowledgeBaseAction } from './policy.ts';
import {
  type EntryRow,
  insertEntry,
  questionExists,
  selectDue,
  selectEntries,
  selectEntry,
  updateEntry,
  updateReviewed,
  type Writer,
} from './store.ts';

export type { EntryRow };

/** One ranked answer: what a results list shows, and the address of the answer's own page. */
export interface KnowledgeBaseHit {
  id: string;
  question: string;
  answerExcerpt: string;
  category: string;
  /** In [0, 1], higher is better. */
  score: number;
  /** The answer's page, a path on this site: `/{tenant}/fragor-och-svar/{id}`. */
  url: string;
}

export interface SearchOptions {
  /** At most this many hits (10 by default). */
  limit?: number;
  /** An e-service id of the tenant: answers linked to it are lifted in the ranking. */
  serviceId?: string;
  /** Only published answers (true by default); staff searches include drafts. */
  publishedOnly?: boolean;
}

/** An e-service an answer concerns, by its slug and title. */
export interface LinkedService {
  serviceId: string;
  slug: string;
  title: LocalizedText;
}

/** What the entry form offers: the tenant's units, e-services and the categories in use. */
export interface EntryChoices {
  units: { id: string; name: string }[];
  services: LinkedService[];
  categories: string[];
}

/** An answer of the demo data (demo/knowledge-base.json). */
export interface DemoEntry {
  question: string;
  answer: string;
  category: string;
  services?: string[];
  ownerUnit?: string;
  reviewIntervalMonths?: number;
  /** How long ago it was last reviewed (so the demo has answers due for review). */
  reviewedMonthsAgo?: number;
}

export interface KnowledgeBaseService {
  /** Ranks the tenant's answers against a question in the asker's own words, best first. */
  search(tenantId: string, text: string, options?: SearchOptions): Promise<KnowledgeBaseHit[]>;
  /** The published answers' categories, each with how many answers it has. */
  categories(tenantId: string): Promise<{ name: string; count: number }[]>;
  /** The published answers of one category. */
  inCategory(tenantId: string, category: string): Promise<EntryRow[]>;
  /** A published answer with the live e-services it concerns; NOT_FOUND otherwise. */
  publishedEntry(tenantId: string, id: string): Promise<{ entry: EntryRow; services: LinkedService[] }>;
  /** The published answers linked to an e-service. */
  forService(tenantId: string, serviceId: string): Promise<EntryRow[]>;
  /** Staff search: whole entries (drafts too), ranked. */
  staffSearch(actor: StaffActor, text: string, limit?: number): Promise<(EntryRow & { score: number })[]>;
  /** The tenant's entries of these statuses (staff). */
  list(actor: StaffActor, statuses: readonly EntryStatus[]): Promise<EntryRow[]>;
  /** One entry of any status (staff); NOT_FOUND otherwise. */
  entry(actor: StaffActor, id: string): Promise<{ entry: EntryRow; services: LinkedService[] }>;
  /** Entries whose review is due now, the longest overdue first. */
  dueForReview(actor: StaffActor): Promise<EntryRow[]>;
  choices(actor: StaffActor): Promise<EntryChoices>;
  /** Adds an entry (admins, customer centre); VALIDATION_FAILED with Swedish field codes. */
  create(actor: StaffActor, form: EntryForm): Promise<string>;
  /** Changes an entry, its status included (archiving is a status). */
  update(actor: StaffActor, id: string, form: EntryForm): Promise<void>;
  /** Confirms an entry is still right: reviewed now, next review after its interval. */
  markReviewed(actor: StaffActor, id: string): Promise<void>;
  /** Whether the actor may take the action (for the pages' buttons). */
  may(actor: StaffActor, action: KnowledgeBaseAction, entry?: EntryRow): boolean;
  /** Adds the demo answers the tenant does not have yet; resolves to how many were added. */
  seedDemo(tenantId: string, entries: DemoEntry[]): Promise<number>;
}

export interface KnowledgeBaseDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'byId'>;
  catalogue: Pick<CatalogueService, 'liveServices' | 'allVersions'>;
  /** The tenant's units (organisation module). */
  units(tenantId: string): Promise<{ id: string; name: string }[]>;
  now: () => Date;
}

/** The ranker's view of an entry: the question weighs double, then the answer and the category. */
const documentOf = (entry: EntryRow) => ({
  id: entry.id,
  fields: [
    { text: entry.question, weight: 2 },
    { text: plainAnswer(entry.answer), weight: 1 },
    { text: entry.category, weight: 1 },
  ],
});

/** Ranks entries against the text, lifting those linked to `serviceId`; strong hits only. */
function rank(entries: EntryRow[], text: string, limit: number, serviceId?: string) {
  if (text.trim() === '' || entries.length === 0) return [];
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const ranked = rankDocuments(text, entries.map(documentOf)).map((hit) => {
    const entry = byId.get(hit.id) as EntryRow;
    const lifted = serviceId && entry.serviceIds.includes(serviceId);
    return { entry, score: lifted ? Math.min(1, hit.score * SERVICE_BOOST) : hit.score };
  });
  return strongHits(
    ranked.sort((a, b) => b.score - a.score),
    limit,
  );
}

/** Builds the service. */
export function createKnowledgeBaseService(deps: KnowledgeBaseDeps): KnowledgeBaseService {
  const { db, now } = deps;

  const require = (actor: StaffActor, action: KnowledgeBaseAction, owner: string | null = null) => {
    if (!canKnowledgeBase(actor, action, owner))
      throw new AppError('FORBIDDEN', 'Only administrators and the customer centre edit the knowledge base');
  };

  async function linked(tenantId: string, serviceIds: string[]): Promise<LinkedService[]> {
    if (serviceIds.length === 0) return [];
    const live = await deps.catalogue.liveServices(tenantId);
    return live
      .filter((service) => serviceIds.includes(service.serviceId))
      .map((service) => ({
        serviceId: service.serviceId,
        slug: service.slug,
        title: service.version.definition.title,
      }));
  }

  async function found(tenantId: string, id: string, statuses?: readonly EntryStatus[]) {
    const entry = isUuid(id) ? await selectEntry(db, tenantId, id) : undefined;
    if (!entry || (statuses && !statuses.includes(entry.status))) throw new AppError('NOT_FOUND');
    return entry;
  }

  async function choices(tenantId: string): Promise<EntryChoices> {
    const [units, all, entries] = await Promise.all([
      deps.units(tenantId),
      deps.catalogue.allVersions(tenantId),
      selectEntries(db, tenantId, ['published', 'draft']),
    ]);
    const services = all.map((service) => ({
      serviceId: service.serviceId,
      slug: service.slug,
      title: service.versions.at(-1)?.definition.title ?? { sv: service.slug, en: service.slug },
    }));
    const categories = [...new Set(entries.map((entry) => entry.category))].sort((a, b) =>
      a.localeCompare(b, 'sv'),
    );
    return { units, services, categories };
  }

  const writerOf = (actor: StaffActor): Writer => ({ staffId: actor.staffId, name: actor.name });

  async function audit(trx: Kysely<Database>, actor: StaffActor, action: string, details: object) {
    await recordAudit(trx, {
      tenantId: actor.tenantId,
      actor: auditActorOf(actor),
      action,
      details: { ...details },
      at: now(),
    });
  }

  async function checked(actor: StaffActor, form: EntryForm): Promise<EntryInput> {
    const { units, services } = await choices(actor.tenantId);
    const result = checkEntryOfTenant(form, {
      unitIds: units.map((unit) => unit.id),
      serviceIds: services.map((service) => service.serviceId),
    });
    if ('errors' in result) throw new AppError('VALIDATION_FAILED', 'The entry is not valid', result.errors);
    return result.ok;
  }

  return {
    async search(tenantId, text, options = {}) {
      const statuses: EntryStatus[] =
        options.publishedOnly === false ? ['published', 'draft'] : ['published'];
      const [entries, tenant] = await Promise.all([
        selectEntries(db, tenantId, statuses),
        deps.tenants.byId(tenantId),
      ]);
      return rank(entries, text, options.limit ?? 10, options.serviceId).map(({ entry, score }) => ({
        id: entry.id,
        question: entry.question,
        answerExcerpt: excerptOf(entry.answer),
        category: entry.category,
        score,
        url: `/${tenant.slug}/fragor-och-svar/${entry.id}`,
      }));
    },

    async categories(tenantId) {
      const counts = new Map<string, number>();
      for (const entry of await selectEntries(db, tenantId, ['published']))
        counts.set(entry.category, (counts.get(entry.category) ?? 0) + 1);
      return [...counts].map(([name, count]) => ({ name, count }));
    },

    async inCategory(tenantId, category) {
      return (await selectEntries(db, tenantId, ['published'])).filter(
        (entry) => entry.category === category,
      );
    },

    async publishedEntry(tenantId, id) {
      const entry = await found(tenantId, id, ['published']);
      return { entry, services: await linked(tenantId, entry.serviceIds) };
    },

    async forService(tenantId, serviceId) {
      const entries = await selectEntries(db, tenantId, ['published']);
      return entries.filter((entry) => entry.serviceIds.includes(serviceId));
    },

    async staffSearch(actor, text, limit = 8) {
      require(actor, 'read');
      const entries = await selectEntries(db, actor.tenantId, ['published', 'draft']);
      return rank(entries, text, limit).map(({ entry, score }) => ({ ...entry, score }));
    },

    async list(actor, statuses) {
      require(actor, 'read');
      return selectEntries(db, actor.tenantId, statuses);
    },

    async entry(actor, id) {
      require(actor, 'read');
      const entry = await found(actor.tenantId, id);
      return { entry, services: await linked(actor.tenantId, entry.serviceIds) };
    },

    async dueForReview(actor) {
      require(actor, 'read');
      return selectDue(db, actor.tenantId, now());
    },

    async choices(actor) {
      require(actor, 'read');
      return choices(actor.tenantId);
    },

    async create(actor, form) {
      require(actor, 'edit');
      const input = await checked(actor, form);
      const at = now();
      return db.transaction().execute(async (trx) => {
        const nextReviewAt = addMonths(at, input.reviewIntervalMonths);
        const id = await insertEntry(trx, {
          tenantId: actor.tenantId,
          input,
          writer: writerOf(actor),
          at,
          nextReviewAt,
        });
        await audit(trx, actor, 'knowledgeBase.created', { entryId: id, question: input.question });
        return id;
      });
    },

    async update(actor, id, form) {
      require(actor, 'edit');
      const before = await found(actor.tenantId, id);
      const input = await checked(actor, form);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const nextReviewAt = addMonths(before.lastReviewedAt, input.reviewIntervalMonths);
        const row = { tenantId: actor.tenantId, id, input, writer: writerOf(actor), at, nextReviewAt };
        if (!(await updateEntry(trx, row))) throw new AppError('NOT_FOUND');
        const changed = Object.keys(input).filter(
          (key) =>
            JSON.stringify(input[key as keyof EntryInput]) !== JSON.stringify(before[key as keyof EntryRow]),
        );
        await audit(trx, actor, 'knowledgeBase.updated', { entryId: id, changed, status: input.status });
      });
    },

    async markReviewed(actor, id) {
      const entry = await found(actor.tenantId, id);
      require(actor, 'markReviewed', entry.ownerUnitId);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const nextReviewAt = addMonths(at, entry.reviewIntervalMonths);
        await updateReviewed(trx, { tenantId: actor.tenantId, id, name: actor.name, at, nextReviewAt });
        await audit(trx, actor, 'knowledgeBase.reviewed', { entryId: id, nextReviewAt });
      });
    },

    may: (actor, action, entry) => canKnowledgeBase(actor, action, entry?.ownerUnitId ?? null),

    async seedDemo(tenantId, entries) {
      const { units, services } = await choices(tenantId);
      let added = 0;
      for (const demo of entries) {
        if (await questionExists(db, tenantId, demo.question)) continue;
        const interval = demo.reviewIntervalMonths ?? DEFAULT_REVIEW_INTERVAL;
        const reviewed = addMonths(now(), -(demo.reviewedMonthsAgo ?? 1));
        const input: EntryInput = {
          question: demo.question,
          answer: demo.answer,
          category: demo.category,
          serviceIds: services.filter((s) => demo.services?.includes(s.slug)).map((s) => s.serviceId),
          ownerUnitId: units.find((unit) => unit.name === demo.ownerUnit)?.id ?? null,
          status: 'published',
          reviewIntervalMonths: interval,
        };
        const writer = { staffId: null, name: 'Demodata' };
        await insertEntry(db, {
          tenantId,
          input,
          writer,
          at: reviewed,
          nextReviewAt: addMonths(reviewed, interval),
        });
        added += 1;
      }
      return added;
    },
  };
}
