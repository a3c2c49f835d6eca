/**
 * The digital-support directory (issue #13, docs/digital-support.md): the code lists, an offer in the
 * uniform structure and its checks, the residents' filter, the coordinator's supply matrix. Pure.
 * The needs interviews are in interview-model.ts.
 */

/** Who an offer is for. `alla` offers are shown under every target group on the public page. */
export const TARGET_GROUPS = [
  'aldre',
  'nyanlanda',
  'arbetssokande',
  'funktionsnedsattning',
  'unga',
  'foretagare',
  'alla',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** How a resident gets the support. */
export const CHANNELS = ['pa-plats', 'telefon', 'video', 'chatt', 'e-post', 'hembesok'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The operating models (verksamhetsmodeller) the supply matrix counts. */
export const OPERATING_MODELS = ['drop-in', 'bokad', 'telefonsupport', 'ambassadorer', 'kurs'] as const;
export type OperatingModel = (typeof OPERATING_MODELS)[number];

/** Who provides the offer. */
export const PROVIDER_KINDS = [
  'bibliotek',
  'forening',
  'kommunal-enhet',
  'kundcenter',
  'studieforbund',
  'annan',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export type OfferStatus = 'draft' | 'published';

/** The free-text parts of the uniform structure, in the order the form and the offer page show them. */
export const DESCRIPTION_FIELDS = [
  'servicePromise',
  'howItWorks',
  'tools',
  'partners',
  'resources',
  'howFound',
  'indicators',
  'sustainability',
] as const;
export type DescriptionField = (typeof DESCRIPTION_FIELDS)[number];

/** Where and when, and how to reach the organisation (published), plus its contact person (not). */
export const PLACE_AND_CONTACT_FIELDS = [
  'address',
  'openingHours',
  'languages',
  'contactPhone',
  'contactEmail',
  'contactWeb',
  'contactPerson',
] as const;
export type PlaceAndContactField = (typeof PLACE_AND_CONTACT_FIELDS)[number];

/** The details document (`digital_support_offer.details`). */
export type OfferDetails = Record<DescriptionField | PlaceAndContactField, string> & {
  latitude: number | null;
  longitude: number | null;
};

/** One offer as stored. */
export interface Offer {
  id: string;
  tenantId: string;
  status: OfferStatus;
  name: string;
  providerName: string;
  providerKind: ProviderKind;
  operatingModel: OperatingModel;
  targetGroups: TargetGroup[];
  channels: Channel[];
  locality: string;
  details: OfferDetails;
  updatedAt: Date;
}

/** An offer as the coordinator types it (every value a string or a list from the form). */
export type OfferInput = Record<string, string | string[] | undefined>;

export type FieldError = { field: string; message: string };

/** What is saved: the columns and the details. */
export type CheckedOffer = Omit<Offer, 'id' | 'tenantId' | 'updatedAt'>;

const MAX_NAME = 200;
const MAX_TEXT = 2000;

const member = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const listOf = (value: unknown): string[] =>
  value === undefined ? [] : [value].flat().filter((item): item is string => typeof item === 'string');
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function coordinate(raw: string, min: number, max: number): number | null | 'invalid' {
  if (raw === '') return null;
  const value = Number(raw.replace(',', '.'));
  return Number.isFinite(value) && value >= min && value <= max ? value : 'invalid';
}

/** Checks the offer form: field errors as codes (messages.ts), or the offer to save. */
export function checkOffer(input: OfferInput): { ok: CheckedOffer } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const need = (field: string, value: string, max = MAX_TEXT) => {
    if (!value) errors.push({ field, message: 'required' });
    else if (value.length > max) errors.push({ field, message: 'tooLong' });
  };
  const name = text(input.name);
  const providerName = text(input.providerName);
  need('name', name, MAX_NAME);
  need('providerName', providerName, MAX_NAME);
  if (!member(PROVIDER_KINDS, input.providerKind)) errors.push({ field: 'providerKind', message: 'choose' });
  if (!member(OPERATING_MODELS, input.operatingModel))
    errors.push({ field: 'operatingModel', message: 'choose' });
  const targetGroups = TARGET_GROUPS.filter((code) => listOf(input.targetGroups).includes(code));
  const channels = CHANNELS.filter((code) => listOf(input.channels).includes(code));
  if (targetGroups.length === 0) errors.push({ field: 'targetGroups', message: 'chooseOne' });
  if (channels.length === 0) errors.push({ field: 'channels', message: 'chooseOne' });
  const details = {} as OfferDetails;
  for (const field of [...DESCRIPTION_FIELDS, ...PLACE_AND_CONTACT_FIELDS]) {
    details[field] = text(input[field]);
    if (details[field].length > MAX_TEXT) errors.push({ field, message: 'tooLong' });
  }
  need('servicePromise', details.servicePromise);
  need('howItWorks', details.howItWorks);
  const locality = text(input.locality);
  if (locality.length > MAX_NAME) errors.push({ field: 'locality', message: 'tooLong' });
  // Support given at a place must say where: a resident filters by place and goes there.
  if (channels.includes('pa-plats')) {
    if (!locality) errors.push({ field: 'locality', message: 'requiredOnSite' });
    if (!details.address) errors.push({ field: 'address', message: 'requiredOnSite' });
  }
  if (!details.contactPhone && !details.contactEmail && !details.contactWeb)
    errors.push({ field: 'contactPhone', message: 'contactNeeded' });
  if (details.contactEmail && !EMAIL.test(details.contactEmail))
    errors.push({ field: 'contactEmail', message: 'invalidEmail' });
  if (details.contactWeb && !/^https?:\/\/\S+$/.test(details.contactWeb))
    errors.push({ field: 'contactWeb', message: 'invalidUrl' });
  const latitude = coordinate(text(input.latitude), -90, 90);
  const longitude = coordinate(text(input.longitude), -180, 180);
  if (latitude === 'invalid') errors.push({ field: 'latitude', message: 'invalidCoordinate' });
  if (longitude === 'invalid') errors.push({ field: 'longitude', message: 'invalidCoordinate' });
  if (errors.length > 0 || latitude === 'invalid' || longitude === 'invalid') return { errors };
  return {
    ok: {
      status: input.status === 'published' ? 'published' : 'draft',
      name,
      providerName,
      providerKind: input.providerKind as ProviderKind,
      operatingModel: input.operatingModel as OperatingModel,
      targetGroups,
      channels,
      locality,
      details: { ...details, latitude, longitude },
    },
  };
}

/** The residents' filter: each part optional (empty means "any"). */
export interface OfferFilter {
  targetGroup?: string;
  locality?: string;
  channel?: string;
}

/** The filter from a query string, keeping only known codes (an unknown code filters nothing). */
export function parseFilter(query: Record<string, unknown>): OfferFilter {
  const filter: OfferFilter = {};
  if (member(TARGET_GROUPS, query.malgrupp)) filter.targetGroup = query.malgrupp;
  if (member(CHANNELS, query.kanal)) filter.channel = query.kanal;
  const place = text(query.plats);
  if (place && place.length <= MAX_NAME) filter.locality = place;
  return filter;
}

/**
 * The published offers a resident's filter keeps. An offer for everyone (`alla`) is kept for any
 * target group; an offer without a fixed place (given by phone, video, chat, e-mail or at home) is
 * kept for any place, since it reaches the resident wherever they live.
 */
export function filterOffers<T extends Pick<Offer, 'status' | 'targetGroups' | 'channels' | 'locality'>>(
  offers: readonly T[],
  filter: OfferFilter,
): T[] {
  const sameText = (a: string, b: string) => a.localeCompare(b, 'sv', { sensitivity: 'base' }) === 0;
  return offers.filter(
    (offer) =>
      offer.status === 'published' &&
      (!filter.targetGroup ||
        offer.targetGroups.includes(filter.targetGroup as TargetGroup) ||
        offer.targetGroups.includes('alla')) &&
      (!filter.channel || offer.channels.includes(filter.channel as Channel)) &&
      (!filter.locality || offer.locality === '' || sameText(offer.locality, filter.locality)),
  );
}

/** The localities the published offers name, sorted, for the place filter. */
export function localitiesOf(offers: readonly Pick<Offer, 'status' | 'locality'>[]): string[] {
  const names = offers
    .filter((offer) => offer.status === 'published' && offer.locality)
    .map((o) => o.locality);
  return [...new Set(names)].sort((a, b) => a.localeCompare(b, 'sv'));
}

/** The supply matrix: published offers per target group and operating model. */
export interface SupplyMatrix {
  rows: { targetGroup: TargetGroup; counts: Record<OperatingModel, number>; total: number }[];
  /** Target groups (other than `alla`) that no published offer names. */
  unreached: TargetGroup[];
  /** Operating models no published offer uses. */
  unusedModels: OperatingModel[];
}

/** Counts the published offers per target group × operating model and names the gaps. */
export function supplyMatrix(
  offers: readonly Pick<Offer, 'status' | 'targetGroups' | 'operatingModel'>[],
): SupplyMatrix {
  const published = offers.filter((offer) => offer.status === 'published');
  const rows = TARGET_GROUPS.map((targetGroup) => {
    const counts = Object.fromEntries(OPERATING_MODELS.map((model) => [model, 0])) as Record<
      OperatingModel,
      number
    >;
    for (const offer of published)
      if (offer.targetGroups.includes(targetGroup)) counts[offer.operatingModel] += 1;
    return { targetGroup, counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
  });
  return {
    rows,
    unreached: rows
      .filter((row) => row.total === 0 && row.targetGroup !== 'alla')
      .map((row) => row.targetGroup),
    unusedModels: OPERATING_MODELS.filter(
      (model) => !published.some((offer) => offer.operatingModel === model),
    ),
  };
}
