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
    csrfToken: request.session?.data.csrfToken,
    tenant,
  };
}
