/** My Pages routes: the resident's cases across every municipality, drafts, case pages, requests for review. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext, RouteServices } from '../../platform/http/route-context.ts';
import { grantsCover } from '../../platform/identity/model.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import { FormText, formBody, htmlInput, IdParam, ReferenceParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { ResidentDecisionSection } from '../decisions/views/decision-sections.tsx';
import {
  ResidentReviewNotice,
  ResidentReviewSection,
  type ReviewFormState,
} from '../decisions/views/review-sections.tsx';
import { MyPagesFaultSection } from '../fault-reports/views/follow-views.tsx';
import { ResidentMessagesSummary } from '../messages/views/summaries.tsx';
import { ActingForForm, OmbudLink } from '../representatives/views/representative-views.tsx';
import { CasePage, MyPagesHome } from './views/my-pages-views.tsx';

const CaseParamsSchema = Type.Object({ reference: ReferenceParam });
const AttachmentParams = Type.Object({ reference: ReferenceParam, attachmentId: IdParam });
const Notices = Type.Object({
  sparat: Type.Optional(Type.String()),
  borttaget: Type.Optional(Type.String()),
  kompletterat: Type.Optional(Type.String()),
  provning: Type.Optional(Type.String()),
});
const ReviewBody = formBody({ reason: FormText });
type CaseParams = { Params: Static<typeof CaseParamsSchema> };
type CaseRequest = CaseParams & { Querystring: Static<typeof Notices> };

const input = {
  casePage: htmlInput({ params: CaseParamsSchema, querystring: Notices }),
  review: htmlInput({ params: CaseParamsSchema, querystring: Notices, body: ReviewBody }),
};

/** The resident's case page; `review` is a refused request for review, shown with its errors (400). */
async function renderCase(
  services: RouteServices,
  request: FastifyRequest<CaseRequest>,
  reply: FastifyReply,
  review?: ReviewFormState,
) {
  const resident = applicantOf(request);
  const details = await services.cases.caseForResident(resident, request.params.reference);
  // An open completion request (komplettering) shows the officer's message and a button to answer it.
  const completion = await services.caseHandling
    .completionForResident(resident, request.params.reference)
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'CASE_NOT_FOUND') return undefined;
      throw error;
    });
  const [decisions, messages, faultReport] = await Promise.all([
    services.decisions.decisionsOfCase(details.case.id),
    services.messages.summaryForCase(details.case.id, 'resident'),
    services.faultReports.reportOf(details),
  ]);
  const ctx = pageContext(request, pageTenant(details.tenant));
  const reference = details.case.reference;
  const page = (
    <CasePage
      ctx={ctx}
      details={details}
      completion={completion}
      completionSent={request.query.kompletterat === '1'}
      decisionSection={<ResidentDecisionSection ctx={ctx} reference={reference} decisions={decisions} />}
      faultReportSection={
        faultReport && (
          <MyPagesFaultSection
            ctx={ctx}
            report={faultReport}
            // "Not fixed" is the reporter's own answer, not an ombud's (docs/representatives.md).
            action={resident.actingFor ? undefined : `/mina-sidor/arenden/${reference}/inte-atgardat`}
            newReportHref={`/${details.tenant.slug}/e-tjanster/felanmalan`}
          />
        )
      }
      reviewSection={
        <ResidentReviewSection
          ctx={ctx}
          reference={reference}
          decisions={decisions}
          events={details.events}
          reviewRequestedAt={details.case.reviewRequestedAt}
          form={review}
        />
      }
      reviewNotice={<ResidentReviewNotice ctx={ctx} form={review} sent={request.query.provning === '1'} />}
      hasErrors={review !== undefined}
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
    />
  );
  return sendPage(reply, page, review ? 400 : 200);
}

export function registerMyPagesRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Querystring: Static<typeof Notices> }>(
    '/mina-sidor',
    htmlInput({ querystring: Notices }),
    async (request, reply) => {
      const ownId = personOrLogin(request, reply);
      if (!ownId) return reply;
      // While acting for someone (issue #13): their cases and drafts, only in the services granted.
      const acting = request.actingFor;
      const personId = acting?.principal.personId ?? ownId;
      const inScope = (item: { tenantId: string; serviceId: string }) =>
        !acting || grantsCover(acting.acting.grants, item.tenantId, item.serviceId);
      // The cases are read once: the unread count is taken for the cases the page lists.
      const [[cases, unreadMessages], drafts, principals] = await Promise.all([
        services.cases.casesOfPerson(personId).then(async (found) => {
          const scoped = { ongoing: found.ongoing.filter(inScope), closed: found.closed.filter(inScope) };
          const ids = [...scoped.ongoing, ...scoped.closed].map((item) => item.id);
          return [scoped, await services.messages.unreadCountOfCases(ids)] as const;
        }),
        services.applications.openDraftsOf(personId).then((found) => found.filter(inScope)),
        services.representatives.principalsOf(ownId),
      ]);
      const notice = request.query.sparat ? 'saved' : request.query.borttaget ? 'deleted' : undefined;
      const ctx = pageContext(request);
      return sendPage(
        reply,
        <MyPagesHome
          ctx={ctx}
          drafts={drafts}
          notice={notice}
          unreadMessages={unreadMessages}
          representation={
            <>
              <p>
                <OmbudLink ctx={ctx} />
              </p>
              {principals.length > 0 && (
                <ActingForForm ctx={ctx} principals={principals} current={acting?.principal.personId} />
              )}
            </>
          }
          {...cases}
        />,
      );
    },
  );

  app.get<CaseRequest>('/mina-sidor/arenden/:reference', input.casePage, async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    return renderCase(services, request, reply);
  });

  // Issue #10: the resident asks a person to review an automatic decision (a plain form post).
  app.post<CaseRequest & { Body: Static<typeof ReviewBody> }>(
    '/mina-sidor/arenden/:reference/provning',
    input.review,
    async (request, reply) => {
      const personId = personOrLogin(request, reply, `/mina-sidor/arenden/${request.params.reference}`);
      if (!personId) return reply;
      // While acting for someone (issue #13) the principal's case, asked for by the representative.
      const applicant = applicantOf(request);
      const resident = {
        personId: applicant.personId ?? personId,
        name: [applicant.givenName, applicant.familyName].filter(Boolean).join(' '),
        ...(applicant.actingFor ? { actingFor: applicant.actingFor } : {}),
      };
      const reason = request.body?.reason;
      try {
        await services.decisions.requestReview(resident, request.params.reference, reason);
      } catch (error) {
        return renderCase(services, request, reply, { reason: reason ?? '', errors: refusedFields(error) });
      }
      return seeOther(reply, `/mina-sidor/arenden/${request.params.reference}?provning=1`);
    },
  );

  app.get<CaseParams>(
    '/mina-sidor/arenden/:reference/kvitto.pdf',
    htmlInput({ params: CaseParamsSchema }),
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const details = await services.cases.caseForResident(applicantOf(request), request.params.reference);
      // pdfkit and its fonts load on the first receipt (receipt-pdf.ts), not with every process.
      const { receiptPdf } = await import('../applications/receipt-pdf.ts');
      return sendDownload(reply, receiptPdf({ ...details, lang: request.lang }));
    },
  );

  app.get<{ Params: Static<typeof AttachmentParams> }>(
    '/mina-sidor/arenden/:reference/bilagor/:attachmentId',
    htmlInput({ params: AttachmentParams }),
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const details = await services.cases.caseForResident(applicantOf(request), request.params.reference);
      const file = details.attachments.find((attachment) => attachment.id === request.params.attachmentId);
      if (!file) throw new AppError('ATTACHMENT_NOT_FOUND');
      return sendDownload(reply, { ...file, body: services.storage.read(file.storageKey) });
    },
  );
}
