/** What every page needs to know about the request, built once per request by routes. */
import type { FastifyRequest } from 'fastify';
import type { Language } from '../platform/i18n/i18n.ts';

export interface PageTenant {
  slug: string;
  name: string;
  logoText: string;
}

export interface PageContext {
  lang: Language;
  /** Path and query of this page, for the language switch and login return. */
  currentPath: string;
  person: { givenName: string; familyName: string } | null;
  /** The person the logged-in representative acts for (issue #13): a banner on every page. */
  actingFor?: { name: string };
  csrfToken: string | undefined;
  tenant: PageTenant | undefined;
  devIdp?: boolean;
}

/** Builds the page context from a request; `tenant` when the page belongs to a municipality. */
export function pageContext(request: FastifyRequest, tenant?: PageTenant): PageContext {
  return {
    lang: request.lang,
    currentPath: request.url,
    person: request.session?.person ?? null,
    actingFor: request.actingFor
      ? {
          name: `${request.actingFor.principal.givenName} ${request.actingFor.principal.familyName}`,
        }
      : undefined,
    csrfToken: request.session?.data.csrfToken,
    tenant,
  };
}
