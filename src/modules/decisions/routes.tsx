/** Decision routes: the officer's decision form and letters, and the applicant's letter on My Pages. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext, RouteServices } from '../../platform/http/route-context.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import {
  FormText,
  formBody,
  htmlInput,
  IdParam,
  ReferenceParam,
  SlugParam,
} from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import { type DecisionInput, initialDecisionInput } from './model.ts';
import type { DecisionLetter } from './service.ts';
import { DecisionFormPage, type FormError } from './views/decision-form-view.tsx';

const CaseParams = Type.Object({ tenant: SlugParam, reference: ReferenceParam });
const Corrects = Type.Object({ rattar: Type.Optional(Type.String()) });
/** The decision form; the decision service checks every field and answers with field errors. */
const DecisionBody = formBody({
  outcome: FormText,
  justification: FormText,
  legalBasis: FormText,
  validFrom: FormText,
  validTo: FormText,
  appealInformation: FormText,
  proposalDeviation: FormText,
  rattar: FormText,
});
const ProposalParams = Type.Object({
  ...CaseParams.properties,
  proposalId: Type.String({ pattern: '^[0-9]{1,18}$' }),
});
const ProposalBody = formBody({});
const LetterParamsSchema = Type.Object({ ...CaseParams.properties, decisionId: IdParam });
const ResidentLetterParams = Type.Object({ reference: ReferenceParam, decisionId: IdParam });

type FormRoute = {
  Params: Static<typeof CaseParams>;
  Querystring: Static<typeof Corrects>;
  Body: Static<typeof DecisionBody>;
};
type LetterParams = { Params: Static<typeof LetterParamsSchema> };

function formInput(body: Static<typeof DecisionBody>): DecisionInput {
  return {
    outcome: body.outcome ?? '',
    justification: body.justification ?? '',
    legalBasis: body.legalBasis ?? '',
    validFrom: body.validFrom ?? '',
    validTo: body.validTo ?? '',
    appealInformation: body.appealInformation ?? '',
    proposalDeviation: body.proposalDeviation ?? '',
  };
}

function sendLetter(reply: FastifyReply, letter: DecisionLetter) {
  return sendDownload(reply, {
    filename: letter.filename,
    contentType: 'application/pdf',
    body: letter.stream,
  });
}

/** Renders the form: fresh (prefilled, or from the decision corrected) or refused with its errors. */
async function renderForm(
  request: FastifyRequest<FormRoute>,
  reply: FastifyReply,
  services: RouteServices,
  staff: StaffRequest,
  refused?: { values: DecisionInput; errors: FormError[]; correctsId: string | undefined },
) {
  const correctsId = refused ? refused.correctsId : request.query.rattar;
  const form = await services.decisions.decisionForm(
    staff.actor,
    request.params.reference,
    correctsId || undefined,
  );
  const values = refused?.values ?? initialDecisionInput(form.corrects);
  return sendPage(
    reply,
    <DecisionFormPage
      ctx={pageContext(request, pageTenant(staff.tenant))}
      actor={staff.actor}
      form={form}
      values={values}
      errors={refused?.errors ?? []}
    />,
    refused ? 400 : 200,
  );
}

export function registerDecisionRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const formPath = '/:tenant/handlaggning/arenden/:reference/beslut';

  app.get<FormRoute>(
    formPath,
    htmlInput({ params: CaseParams, querystring: Corrects }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      return renderForm(request, reply, services, staff);
    },
  );

  app.post<FormRoute>(
    formPath,
    htmlInput({ params: CaseParams, querystring: Corrects, body: DecisionBody }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const values = formInput(request.body);
      const correctsId = request.body.rattar || undefined;
      try {
        await services.decisions.recordDecision(staff.actor, request.params.reference, values, correctsId);
      } catch (error) {
        return renderForm(request, reply, services, staff, {
          values,
          errors: refusedFields(error),
          correctsId,
        });
      }
      return seeOther(
        reply,
        `/${staff.tenant.slug}/handlaggning/arenden/${request.params.reference}?klart=beslut`,
      );
    },
  );

  // "Godkänn förslaget": the proposal becomes the decision in one step; a refusal (the case not
  // decidable in its status, a newer proposal) shows the form with the reason beside the status.
  app.post<{ Params: Static<typeof ProposalParams>; Body: Static<typeof ProposalBody> }>(
    `${formPath}/forslag/:proposalId/godkann`,
    htmlInput({ params: ProposalParams, body: ProposalBody }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference, proposalId } = request.params;
      await services.decisions.approveProposal(staff.actor, reference, proposalId);
      return seeOther(reply, `/${staff.tenant.slug}/handlaggning/arenden/${reference}?klart=beslut`);
    },
  );

  app.get<LetterParams>(
    `${formPath}/:decisionId/beslut.pdf`,
    htmlInput({ params: LetterParamsSchema }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference, decisionId } = request.params;
      return sendLetter(reply, await services.decisions.letterForOfficer(staff.actor, reference, decisionId));
    },
  );

  app.get<{ Params: Static<typeof ResidentLetterParams> }>(
    '/mina-sidor/arenden/:reference/beslut/:decisionId/beslut.pdf',
    htmlInput({ params: ResidentLetterParams }),
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const { reference, decisionId } = request.params;
      return sendLetter(
        reply,
        await services.decisions.letterForResident(applicantOf(request), reference, decisionId),
      );
    },
  );
}
