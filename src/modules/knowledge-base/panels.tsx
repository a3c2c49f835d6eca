/**
 * What the knowledge base adds to other modules' pages, wired at the composition root
 * (src/routes.ts): the e-service start page's common questions and a search among its answers.
 */
import type { ServicePagePanel } from '../catalogue/service-page-panel.ts';
import type { KnowledgeBaseService } from './service.ts';
import { ServiceHelp } from './views/public-views.tsx';

/** The section "Frågor och svar om {service}" on each e-service's start page. */
export function knowledgeBaseServicePanel(kb: Pick<KnowledgeBaseService, 'forService'>): ServicePagePanel {
  return async ({ ctx, tenant, service }) => {
    const entries = await kb.forService(tenant.id, service.serviceId);
    const linked = {
      serviceId: service.serviceId,
      slug: service.slug,
      title: service.version.definition.title,
    };
    return <ServiceHelp ctx={ctx} tenantSlug={tenant.slug} service={linked} entries={entries} />;
  };
}
