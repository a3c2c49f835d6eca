/** A live e-service's definition and its life events' titles → what the ranker reads. Pure. */
import type { ServiceDefinition } from '../forms/definition.ts';
import type { RoutableService } from './model.ts';

/** The Swedish texts of one definition (residents search in Swedish; English is added as keywords). */
export function routableService(
  serviceId: string,
  slug: string,
  definition: ServiceDefinition,
  lifeEventTitles: ReadonlyMap<string, string>,
): RoutableService {
  return {
    serviceId,
    slug,
    name: definition.title.sv,
    summary: definition.summary.sv,
    description: definition.description.sv,
    keywords: [...definition.keywords.sv, ...definition.keywords.en],
    lifeEvents: definition.lifeEvents.map((event) => lifeEventTitles.get(event) ?? event),
  };
}
