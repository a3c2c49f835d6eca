/**
 * Plain-language routing (issue #13), pure: a resident's words → the e-services that fit, best first.
 * Two signals, blended in the open:
 * - text: the shared ranker (modules/text-search) over one document per live e-service — its name,
 *   summary, description, keywords, life events and the phrases admins mapped to it;
 * - history: a multinomial naive Bayes classifier trained on the municipality's own examples — the
 *   service residents chose after a search (+1) and officers' corrections (+1 new, −1 old).
 * score = (1 − α) · text + α · history + synonym boost, where α grows with the history's size
 * (α = n / (n + HISTORY_HALF_WEIGHT), at most MAX_HISTORY_WEIGHT), so a new municipality ranks by
 * text alone and the history never outvotes the words completely.
 */
import { rankDocuments, type SearchDocument, tokenize } from '../text-search/index.ts';

/** What the ranker needs of a live e-service. */
export interface RoutableService {
  serviceId: string;
  slug: string;
  name: string;
  summary: string;
  description: string;
  keywords: string[];
  lifeEvents: string[];
}

/** An admin's synonym: a phrase → a service, or → words that mean the same here. */
export interface RoutingSynonym {
  phrase: string;
  serviceId: string | null;
  words: string;
}

/** One history example: a scrubbed query, the service and +1 (led to it) or −1 (moved away from it). */
export interface RoutingExample {
  query: string;
  serviceId: string;
  weight: number;
}

export interface Suggestion {
  serviceId: string;
  slug: string;
  name: string;
  /** The blended score in [0, 1]. */
  score: number;
  /** The parts, for the docs and the tests: how much came from words, history and synonyms. */
  parts: { text: number; history: number; synonym: number };
}

/** The history's weight reaches half of its maximum at this many examples. */
export const HISTORY_HALF_WEIGHT = 40;
export const MAX_HISTORY_WEIGHT = 0.5;
/** Added to a service when the query contains a phrase an admin mapped to it. */
export const SYNONYM_BOOST = 0.35;
/** A text score at or above this is full confidence (the ranker's cosine rarely reaches 1 on short queries). */
const TEXT_FULL_SCORE = 0.3;
/** Suggestions below this share of the best one are left out. */
const RELATIVE_CUTOFF = 0.25;
/** Suggestions scoring below this are left out: a word or two in common by chance is no match. */
export const MIN_SCORE = 0.3;

/** Lower-case words, with each longer word's first five letters too (Swedish inflects at the end). */
export function features(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    out.push(token);
    if (token.length > 5) out.push(`${token.slice(0, 5)}…`);
  }
  return out;
}

/** The naive Bayes model: per service its feature counts (negatives subtract, never below 0). */
export interface HistoryModel {
  counts: Map<string, Map<string, number>>;
  totals: Map<string, number>;
  /** Per service: examples for it minus corrections away from it (never below 0), the prior's counts. */
  net: Map<string, number>;
  vocabulary: Set<string>;
  size: number;
}

/** Trains the classifier on the examples (positives first, then corrections' negatives). */
export function trainHistory(examples: readonly RoutingExample[]): HistoryModel {
  const model: HistoryModel = {
    counts: new Map(),
    totals: new Map(),
    net: new Map(),
    vocabulary: new Set(),
    size: 0,
  };
  const ordered = [...examples].sort((a, b) => b.weight - a.weight);
  for (const example of ordered) {
    const counts = model.counts.get(example.serviceId) ?? new Map<string, number>();
    model.counts.set(example.serviceId, counts);
    for (const feature of features(example.query)) {
      const next = Math.max(0, (counts.get(feature) ?? 0) + example.weight);
      counts.set(feature, next);
      if (example.weight > 0) model.vocabulary.add(feature);
    }
    if (example.weight > 0) model.size += 1;
    model.net.set(example.serviceId, Math.max(0, (model.net.get(example.serviceId) ?? 0) + example.weight));
  }
  for (const [serviceId, counts] of model.counts)
    model.totals.set(
      serviceId,
      [...counts.values()].reduce((sum, count) => sum + count, 0),
    );
  return model;
}

/**
 * The posterior P(service | query) over the given services, the prior being how often each service
 * was chosen (net of corrections, add-one smoothed); empty when no word of the query has been seen in
 * the history (no evidence: the text decides alone).
 */
export function classify(
  model: HistoryModel,
  query: string,
  serviceIds: readonly string[],
): Map<string, number> {
  const known = features(query).filter((feature) => model.vocabulary.has(feature));
  if (known.length === 0 || serviceIds.length === 0) return new Map();
  const vocabularySize = model.vocabulary.size;
  const logs = serviceIds.map((serviceId) => {
    const counts = model.counts.get(serviceId);
    const total = model.totals.get(serviceId) ?? 0;
    const prior = Math.log((model.net.get(serviceId) ?? 0) + 1);
    const log = known.reduce(
      (sum, feature) => sum + Math.log(((counts?.get(feature) ?? 0) + 1) / (total + vocabularySize)),
      prior,
    );
    return [serviceId, log] as const;
  });
  const best = Math.max(...logs.map(([, log]) => log));
  const exps = logs.map(([serviceId, log]) => [serviceId, Math.exp(log - best)] as const);
  const sum = exps.reduce((total, [, value]) => total + value, 0);
  return new Map(exps.map(([serviceId, value]) => [serviceId, value / sum]));
}

/** The weight of the history signal for a history of `size` examples. */
export function historyWeight(size: number): number {
  return Math.min(MAX_HISTORY_WEIGHT, (MAX_HISTORY_WEIGHT * size) / (size + HISTORY_HALF_WEIGHT));
}

/** Lower-case, letters and digits separated by single spaces: how phrases are compared. */
export function normalisePhrase(text: string): string {
  return tokenize(text).join(' ');
}

/** One ranker document per service: name ×3, keywords and admins' phrases ×2, the rest ×1. */
export function serviceDocuments(
  services: readonly RoutableService[],
  synonyms: readonly RoutingSynonym[],
): SearchDocument[] {
  return services.map((service) => ({
    id: service.serviceId,
    fields: [
      { text: service.name, weight: 3 },
      { text: service.keywords.join(' '), weight: 2 },
      {
        text: synonyms
          .filter((synonym) => synonym.serviceId === service.serviceId)
          .map((synonym) => synonym.phrase)
          .join(' '),
        weight: 2,
      },
      { text: service.summary, weight: 1 },
      { text: service.lifeEvents.join(' '), weight: 1 },
      { text: service.description, weight: 1 },
    ].filter((field) => field.text.trim().length > 0),
  }));
}

/** The phrase → words synonyms in the ranker's form. */
function wordSynonyms(synonyms: readonly RoutingSynonym[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const synonym of synonyms) {
    const words = tokenize(synonym.words);
    if (words.length === 0) continue;
    const phrase = normalisePhrase(synonym.phrase);
    out[phrase] = [...(out[phrase] ?? []), ...words];
  }
  return out;
}

/**
 * Whether the query contains the phrase: its words in a row, each the start of a query word, so an
 * admin's "klott" matches "klotter" and "klottrat", and "hål i vägen" matches "hål i vägen!".
 */
export function containsPhrase(query: string, phrase: string): boolean {
  const words = tokenize(query);
  const wanted = tokenize(phrase);
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= words.length; start += 1) {
    if (wanted.every((word, offset) => (words[start + offset] as string).startsWith(word))) return true;
  }
  return false;
}

/**
 * The ranker's scores as confidence in [0, 1]: how far each service stands above the median of all
 * the tenant's services (what any text scores against them by chance), up to TEXT_FULL_SCORE. A
 * query that fits every service equally (or none) gives no confidence to any.
 */
export function textConfidence(
  ids: readonly string[],
  raw: ReadonlyMap<string, number>,
): Map<string, number> {
  const sorted = ids.map((id) => raw.get(id) ?? 0).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const span = Math.max(TEXT_FULL_SCORE - median, 0.05);
  return new Map(ids.map((id) => [id, Math.min(1, Math.max(0, ((raw.get(id) ?? 0) - median) / span))]));
}

export interface RankInput {
  services: readonly RoutableService[];
  synonyms?: readonly RoutingSynonym[];
  history?: HistoryModel;
  limit?: number;
  /** False: every service, ranked, none left out for a low score (the evaluation measures the order). */
  cutoff?: boolean;
}

/** Ranks the services for the query, best first (at most `limit`, default 5). */
export function suggestServices(query: string, input: RankInput): Suggestion[] {
  const synonyms = input.synonyms ?? [];
  if (tokenize(query).length === 0 || input.services.length === 0) return [];
  const raw = new Map(
    rankDocuments(query, serviceDocuments(input.services, synonyms), {
      synonyms: wordSynonyms(synonyms),
    }).map((ranked) => [ranked.id, ranked.score]),
  );
  const text = textConfidence(
    input.services.map((service) => service.serviceId),
    raw,
  );
  const ids = input.services.map((service) => service.serviceId);
  const history = input.history ? classify(input.history, query, ids) : new Map<string, number>();
  const alpha = history.size > 0 && input.history ? historyWeight(input.history.size) : 0;
  const boosted = new Set(
    synonyms
      .filter((synonym) => synonym.serviceId && containsPhrase(query, synonym.phrase))
      .map((synonym) => synonym.serviceId as string),
  );
  const scored = input.services.map((service): Suggestion => {
    const parts = {
      text: text.get(service.serviceId) ?? 0,
      history: history.get(service.serviceId) ?? 0,
      synonym: boosted.has(service.serviceId) ? SYNONYM_BOOST : 0,
    };
    const score = Math.min(1, (1 - alpha) * parts.text + alpha * parts.history + parts.synonym);
    return { serviceId: service.serviceId, slug: service.slug, name: service.name, score, parts };
  });
  const best = Math.max(0, ...scored.map((suggestion) => suggestion.score));
  return scored
    .filter(
      (suggestion) =>
        input.cutoff === false ||
        (suggestion.score >= MIN_SCORE && suggestion.score >= best * RELATIVE_CUTOFF),
    )
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'sv'))
    .slice(0, input.limit ?? 5);
}

/** Evaluation: the share of queries whose expected service is first, and among the first three. */
export function evaluate(
  cases: readonly { query: string; expected: string }[],
  rank: (query: string) => readonly { slug: string }[],
): { total: number; top1: number; top3: number } {
  let top1 = 0;
  let top3 = 0;
  for (const item of cases) {
    const slugs = rank(item.query).map((suggestion) => suggestion.slug);
    if (slugs[0] === item.expected) top1 += 1;
    if (slugs.slice(0, 3).includes(item.expected)) top3 += 1;
  }
  const total = cases.length;
  return { total, top1: total ? top1 / total : 0, top3: total ? top3 / total : 0 };
}
