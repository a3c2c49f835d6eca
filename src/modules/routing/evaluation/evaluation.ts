/**
 * The routing evaluation (issue #13): the committed everyday queries (queries.jsonl: tenant, query,
 * expected service) ranked against the demo municipalities' live e-services, read from demo/ as the
 * seed reads them. No database: the same pure ranking the service runs. Used by the unit test (floors)
 * and `npm run bench` (bench/routing.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '../../forms/definition.ts';
import {
  evaluate,
  type HistoryModel,
  type RoutableService,
  type RoutingSynonym,
  suggestServices,
  trainHistory,
} from '../model.ts';
import { routableService } from '../routable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface EvaluationQuery {
  tenant: string;
  query: string;
  service: string;
}

interface DemoTenant {
  slug: string;
  lifeEvents: { id: string; title: { sv: string } }[];
  services: string[];
}

/** The demo synonyms as the seed stores them: per tenant slug, phrase → service slug and/or words. */
export type DemoSynonyms = Record<string, { phrase: string; service?: string; words?: string }[]>;

export function loadQueries(): EvaluationQuery[] {
  const text = fs.readFileSync(path.join(root, 'src/modules/routing/evaluation/queries.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EvaluationQuery);
}

export function loadDemoSynonyms(): DemoSynonyms {
  return JSON.parse(fs.readFileSync(path.join(root, 'demo/routing-synonyms.json'), 'utf8')).tenants;
}

/** Each demo tenant's services as the ranker sees them (the service id is the slug here). */
export function demoServices(): Map<string, RoutableService[]> {
  const tenants = JSON.parse(fs.readFileSync(path.join(root, 'demo/tenants.json'), 'utf8'))
    .tenants as DemoTenant[];
  const out = new Map<string, RoutableService[]>();
  for (const tenant of tenants) {
    const titles = new Map(tenant.lifeEvents.map((event) => [event.id, event.title.sv]));
    out.set(
      tenant.slug,
      tenant.services.map((slug) => {
        const file = path.join(root, 'demo/services', `${slug}.json`);
        const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as ServiceDefinition;
        return routableService(slug, slug, definition, titles);
      }),
    );
  }
  return out;
}

/**
 * Top-1 and top-3 over the queries, with or without the demo synonyms. With `history`, every other
 * query (per tenant) is recorded as a resident's choice of its service and the rest are measured:
 * the classifier never sees the queries it is measured on.
 */
export function runEvaluation(options: { synonyms: boolean; history?: boolean }) {
  const services = demoServices();
  const synonyms = loadDemoSynonyms();
  const all = loadQueries();
  const queries = options.history ? all.filter((_, index) => index % 2 === 1) : all;
  const histories = new Map<string, HistoryModel>();
  if (options.history) {
    for (const tenant of services.keys()) {
      const seen = all.filter((item, index) => index % 2 === 0 && item.tenant === tenant);
      histories.set(
        tenant,
        trainHistory(seen.map((item) => ({ query: item.query, serviceId: item.service, weight: 1 }))),
      );
    }
  }
  const misses: string[] = [];
  const result = evaluate(
    queries.map((item) => ({ query: `${item.tenant}\u0000${item.query}`, expected: item.service })),
    (keyed) => {
      const [tenant = '', query = ''] = keyed.split('\u0000');
      const own: RoutingSynonym[] = options.synonyms
        ? (synonyms[tenant] ?? []).map((entry) => ({
            phrase: entry.phrase,
            serviceId: entry.service ?? null,
            words: entry.words ?? '',
          }))
        : [];
      const ranked = suggestServices(query, {
        services: services.get(tenant) ?? [],
        synonyms: own,
        history: histories.get(tenant),
        cutoff: false,
      });
      const expected = queries.find((item) => item.tenant === tenant && item.query === query)?.service;
      if (ranked[0]?.slug !== expected) misses.push(`${tenant}: ${query} → ${ranked[0]?.slug ?? '–'}`);
      return ranked;
    },
  );
  return { ...result, misses };
}
