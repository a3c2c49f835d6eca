/**
 * A section another module adds to an e-service's start page, bound at the composition root
 * (src/routes.ts) so this module imports none of them: the knowledge base's answers about the
 * service and a search among them (issue #13).
 */
import type { ComponentChildren } from 'preact';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { PageContext } from '../../web/page-context.ts';
import type { LiveService } from './model.ts';

/** Renders the section for one e-service; null or undefined adds nothing. */
export type ServicePagePanel = (input: {
  ctx: PageContext;
  tenant: Tenant;
  service: LiveService;
}) => Promise<ComponentChildren>;
