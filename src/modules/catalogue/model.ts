/** Catalogue rules: which version of a service is live, and how search text becomes a query. Pure. */
import type { ServiceDefinition } from '../forms/definition.ts';

export type VersionStatus = 'draft' | 'published' | 'retired';

export interface ServiceVersion {
  id: string;
  serviceId: string;
  tenantId: string;
  version: number;
  status: VersionStatus;
  publishedFrom: Date | null;
  definition: ServiceDefinition;
}

/** A service as residents see it: its identity plus the version that is live now. */
export interface LiveService {
  serviceId: string;
  slug: string;
  version: ServiceVersion;
}

/** The live version: the highest published version whose publishing date has come. */
export function liveVersion(versions: ServiceVersion[], now: Date): ServiceVersion | undefined {
  return versions
    .filter(
      (version) =>
        version.status === 'published' && version.publishedFrom !== null && version.publishedFrom <= now,
    )
    .sort((a, b) => b.version - a.version)[0];
}

/**
 * Turns free text into a prefix-matching tsquery ("garag bygg" → "garag:* & bygg:*"), so residents
 * find services while typing half words. Only letters and digits survive: no tsquery syntax injection.
 */
export function toPrefixQuery(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  if (words.length === 0) return undefined;
  return words.map((word) => `${word}:*`).join(' & ');
}

/** Whether a version may be changed: only drafts are editable, so the live version never changes. */
export function isEditable(version: Pick<ServiceVersion, 'status'>): boolean {
  return version.status === 'draft';
}
