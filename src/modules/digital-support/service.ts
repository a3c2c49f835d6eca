/**
 * The digital-support directory (issue #13, docs/digital-support.md): anyone reads the published
 * offers of a municipality and filters them; the digital-support coordinator — an administrator
 * (decision 0029) — keeps the offers, reads the supply matrix and records needs interviews without
 * names. Every change is audited in its own transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { isAdmin, isUuid, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { checkInterview, type GapSummary, gapSummary, type InterviewInput } from './interview-model.ts';
import { type LabelList, label } from './messages.ts';
import {
  checkOffer,
  filterOffers,
  localitiesOf,
  type Offer,
  type OfferFilter,
  type OfferInput,
  type SupplyMatrix,
  supplyMatrix,
} from './model.ts';
import {
  hasOffers,
  insertInterview,
  insertOffer,
  selectInterviews,
  selectOffer,
  selectOffers,
  updateOffer,
} from './store.ts';

export interface DigitalSupportDeps {
  db: Kysely<Database>;
  now: () => Date;
}

/** What the public page shows: the offers the filter keeps, out of how many, and the places to pick. */
export interface Directory {
  offers: Offer[];
  published: number;
  localities: string[];
}

/** One published offer in the open dataset: labels in Swedish, the organisation's contact only. */
export type OpenDataRow = Record<
  Exclude<keyof ReturnType<typeof openDataRow>, 'latitude' | 'longitude'>,
  string
> & { latitude: number | null; longitude: number | null };

function openDataRow(offer: Offer, directoryUrl: string) {
  const { details } = offer;
  const labels = (list: LabelList, codes: readonly string[]) =>
    codes.map((code) => label(list, code, 'sv')).join('; ');
  return {
    id: offer.id,
    name: offer.name,
    provider: offer.providerName,
    providerKind: label('providerKinds', offer.providerKind, 'sv'),
    operatingModel: label('operatingModels', offer.operatingModel, 'sv'),
    targetGroups: labels('targetGroups', offer.targetGroups),
    channels: labels('channels', offer.channels),
    address: details.address,
    locality: offer.locality,
    latitude: details.latitude,
    longitude: details.longitude,
    openingHours: details.openingHours,
    languages: details.languages,
    servicePromise: details.servicePromise,
    howItWorks: details.howItWorks,
    tools: details.tools,
    partners: details.partners,
    resources: details.resources,
    howFound: details.howFound,
    indicators: details.indicators,
    sustainability: details.sustainability,
    phone: details.contactPhone,
    email: details.contactEmail,
    web: details.contactWeb,
    updated: stockholmDate(offer.updatedAt),
    url: `${directoryUrl}/${offer.id}`,
  };
}

const stockholmDate = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);

/** Builds the service. */
export function createDigitalSupportService({ db, now }: DigitalSupportDeps) {
  function requireCoordinator(actor: StaffActor): void {
    if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators coordinate digital support');
  }

  async function save(actor: StaffActor, id: string | undefined, input: OfferInput): Promise<string> {
    requireCoordinator(actor);
    const checked = checkOffer(input);
    if ('errors' in checked) throw new AppError('VALIDATION_FAILED', 'Invalid offer', checked.errors);
    return db.transaction().execute(async (trx) => {
      const at = now();
      let offerId = id;
      if (offerId === undefined) offerId = await insertOffer(trx, actor.tenantId, checked.ok, at);
      else if (!isUuid(offerId) || !(await updateOffer(trx, actor.tenantId, offerId, checked.ok, at)))
        throw new AppError('NOT_FOUND');
      await recordAudit(trx, {
        tenantId: actor.tenantId,
        actor: auditActorOf(actor),
        action: id === undefined ? 'digitalSupport.offerCreated' : 'digitalSupport.offerChanged',
        details: { offerId, name: checked.ok.name, status: checked.ok.status },
        at,
      });
      return offerId;
    });
  }

  return {
    /** The public directory of a tenant: published offers the filter keeps. */
    async directory(tenantId: string, filter: OfferFilter): Promise<Directory> {
      const published = await selectOffers(db, tenantId, true);
      return {
        offers: filterOffers(published, filter),
        published: published.length,
        localities: localitiesOf(published),
      };
    },

    /** One published offer; NOT_FOUND for a draft, another tenant's offer or an unknown id. */
    async publishedOffer(tenantId: string, id: string): Promise<Offer> {
      const offer = isUuid(id) ? await selectOffer(db, tenantId, id) : undefined;
      if (offer?.status !== 'published') throw new AppError('NOT_FOUND');
      return offer;
    },

    /** The published offers as the open dataset's rows (no contact person), linking under `directoryUrl`. */
    async openDataRows(tenantId: string, directoryUrl: string): Promise<OpenDataRow[]> {
      return (await selectOffers(db, tenantId, true)).map((offer) => openDataRow(offer, directoryUrl));
    },

    /** Every offer of the coordinator's tenant, drafts too. */
    async offers(actor: StaffActor): Promise<Offer[]> {
      requireCoordinator(actor);
      return selectOffers(db, actor.tenantId, false);
    },

    /** One offer of the coordinator's tenant, for editing. */
    async offer(actor: StaffActor, id: string): Promise<Offer> {
      requireCoordinator(actor);
      const offer = isUuid(id) ? await selectOffer(db, actor.tenantId, id) : undefined;
      if (!offer) throw new AppError('NOT_FOUND');
      return offer;
    },

    /** Adds an offer (VALIDATION_FAILED per field); returns its id. */
    createOffer: (actor: StaffActor, input: OfferInput) => save(actor, undefined, input),

    /** Replaces an offer (VALIDATION_FAILED per field, NOT_FOUND). */
    async changeOffer(actor: StaffActor, id: string, input: OfferInput): Promise<void> {
      await save(actor, id, input);
    },

    /** Published offers per target group × operating model, and the groups no model reaches. */
    async matrix(actor: StaffActor): Promise<SupplyMatrix> {
      requireCoordinator(actor);
      return supplyMatrix(await selectOffers(db, actor.tenantId, true));
    },

    /** Stores a needs interview (VALIDATION_FAILED per field, also for personal data in the note). */
    async recordInterview(actor: StaffActor, input: InterviewInput): Promise<void> {
      requireCoordinator(actor);
      const at = now();
      const checked = checkInterview(input, stockholmDate(at));
      if ('errors' in checked) throw new AppError('VALIDATION_FAILED', 'Invalid interview', checked.errors);
      await db.transaction().execute(async (trx) => {
        await insertInterview(trx, actor.tenantId, checked.ok, at);
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'digitalSupport.interviewRecorded',
          details: { targetGroup: checked.ok.targetGroup, interviewedOn: checked.ok.interviewedOn },
          at,
        });
      });
    },

    /** The most common difficulties and missing help in the tenant's interviews. */
    async interviewSummary(actor: StaffActor): Promise<GapSummary> {
      requireCoordinator(actor);
      return gapSummary(await selectInterviews(db, actor.tenantId));
    },

    /** Today's date in Stockholm (the interview form's default). */
    today: () => stockholmDate(now()),

    /** Seeding: the demo offers and interviews, once (skipped when the tenant has any offer). */
    async seedDemo(tenantId: string, offers: OfferInput[], interviews: InterviewInput[]): Promise<boolean> {
      if (await hasOffers(db, tenantId)) return false;
      const at = now();
      await db.transaction().execute(async (trx) => {
        for (const [index, input] of offers.entries()) {
          const checked = checkOffer(input);
          if ('errors' in checked)
            throw new Error(
              `demo offer ${index + 1}: ${checked.errors.map((e) => `${e.field} ${e.message}`)}`,
            );
          await insertOffer(trx, tenantId, checked.ok, at);
        }
        for (const [index, input] of interviews.entries()) {
          const checked = checkInterview(input, stockholmDate(at));
          if ('errors' in checked)
            throw new Error(
              `demo interview ${index + 1}: ${checked.errors.map((e) => `${e.field} ${e.message}`)}`,
            );
          await insertInterview(trx, tenantId, checked.ok, at);
        }
      });
      return true;
    },
  };
}

export type DigitalSupportService = ReturnType<typeof createDigitalSupportService>;
