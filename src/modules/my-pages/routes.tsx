/** My Pages routes: the resident's cases across every municipality, drafts, case pages. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { sendReceiptPdf } from '../applications/receipt-pdf.ts';
import { applicantOf } from '../applications/routes.tsx';
import { pageTenant } from '../catalogue/routes.tsx';
import { ResidentDecisionSection } from '../decisions/views/decision-sections.tsx';
import { ResidentMessagesSummary } from '../messages/views/summaries.tsx';
import { CasePage, MyPagesHome } from './views/my-pages-views.tsx';

type CaseParams = { Params: { reference: string } };

/** The logged-in person's id, or a redirect to login that returns here. */
function personOrLogin(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const personId = request.session?.personId;
  if (personId) return personId;
  seeOther(reply, `/logga-in?tillbaka=${encodeURIComponent(request.url)}`);
  return undefined;
}

export function registerMyPagesRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Querystring: { sparat?: string; borttaget?: string } }>('/mina-sidor', async (request, reply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    // The cases are read once: the unread count is taken for the cases the page lists.
    const [[cases, unreadMessages], drafts] = await Promise.all([
      services.cases.casesOfPerson(personId).then(async (found) => {
        const ids = [...found.ongoing, ...found.closed].map((item) => item.id);
        return [found, await services.messages.unreadCountOfCases(ids)] as const;
      }),
      services.applications.openDraftsOf(personId),
    ]);
    const notice = request.query.sparat ? 'saved' : request.query.borttaget ? 'deleted' : undefined;
    return sendPage(
      reply,
      <MyPagesHome
        ctx={pageContext(request)}
        drafts={drafts}
        notice={notice}
        unreadMessages={unreadMessages}
        {...cases}
      />,
    );
  });

  app.get<CaseParams & { Querystring: { kompletterat?: string } }>(
    '/mina-sidor/arenden/:reference',
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const details = await services.cases.caseForResident(applicantOf(request), request.params.reference);
      // An open completion request (komplettering) shows the officer's message and a button to answer it.
      const completion = await services.caseHandling
        .completionForResident(applicantOf(request), request.params.reference)
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'CASE_NOT_FOUND') return undefined;
          throw error;
        });
      const [decisions, messages] = await Promise.all([
        services.decisions.decisionsOfCase(details.case.id),
        services.messages.summaryForCase(details.case.id, 'resident'),
      ]);
      const ctx = pageContext(request, pageTenant(details.tenant));
      const reference = details.case.reference;
      return sendPage(
        reply,
        <CasePage
          ctx={ctx}
          details={details}
          completion={completion}
          completionSent={request.query.kompletterat === '1'}
          decisionSection={<ResidentDecisionSection ctx={ctx} reference={reference} decisions={decisions} />}
          messagesSection={
            // Anonymous submissions have nobody to write to; the conversation is for logged-in applicants.
            details.case.applicantPersonId ? (
              <ResidentMessagesSummary
                ctx={ctx}
                reference={reference}
                unread={messages.unread}
                latest={messages.latestAt}
              />
            ) : null
          }
        />,
      );
    },
  );

  app.get<CaseParams>('/mina-sidor/arenden/:reference/kvitto.pdf', async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    const details = await services.cases.caseForResident(applicantOf(request), request.params.reference);
    return sendReceiptPdf(reply, { ...details, lang: request.lang });
  });

  app.get<{ Params: { reference: string; attachmentId: string } }>(
    '/mina-sidor/arenden/:reference/bilagor/:attachmentId',
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const details = await services.cases.caseForResident(applicantOf(request), request.params.reference);
      const file = details.attachments.find((attachment) => attachment.id === request.params.attachmentId);
      if (!file) throw new AppError('ATTACHMENT_NOT_FOUND');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      return reply.type(file.contentType).send(services.storage.read(file.storageKey));
    },
  );
}
