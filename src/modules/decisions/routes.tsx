/** Decision routes: the officer's decision form and letters, and the applicant's letter on My Pages. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { applicantOf } from '../applications/routes.tsx';
import { pageTenant } from '../catalogue/routes.tsx';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import { type DecisionInput, initialDecisionInput } from './model.ts';
import type { DecisionLetter } from './service.ts';
import { DecisionFormPage, type FormError } from './views/decision-form-view.tsx';

type FormRoute = {
  Params: { tenant: string; reference: string };
  Querystring: { rattar?: string };
  Body: Record<string, unknown>;
};
type LetterParams = { Params: { tenant: string; reference: string; decisionId: string } };

const FIELDS: (keyof DecisionInput)[] = [
  'outcome',
  'justification',
  'legalBasis',
  'validFrom',
  'validTo',
  'appealInformation',
];

function formInput(body: Record<string, unknown> | undefined): DecisionInput {
  const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : '');
  return Object.fromEntries(FIELDS.map((field) => [field, text(field)])) as unknown as DecisionInput;
}

function sendLetter(reply: FastifyReply, letter: DecisionLetter) {
  reply.header('content-disposition', `attachment; filename="${letter.filename}"`);
  return reply.type('application/pdf').send(letter.stream);
}

/** Renders the form: fresh (prefilled, or from the decision corrected) or refused with its errors. */
async function renderForm(
  request: FastifyRequest<FormRoute>,
  reply: FastifyReply,
  services: Services,
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

/** The logged-in person's id, or a redirect to login that returns here (as My Pages does). */
function personOrLogin(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const personId = request.session?.personId;
  if (personId) return personId;
  seeOther(reply, `/logga-in?tillbaka=${encodeURIComponent(request.url)}`);
  return undefined;
}

export function registerDecisionRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const formPath = '/:tenant/handlaggning/arenden/:reference/beslut';

  app.get<FormRoute>(formPath, async (request, reply) => {
    const staff = await requireStaff(request, reply, services);
    if (!staff) return reply;
    return renderForm(request, reply, services, staff);
  });

  app.post<FormRoute>(formPath, async (request, reply) => {
    const staff = await requireStaff(request, reply, services);
    if (!staff) return reply;
    const values = formInput(request.body);
    const rattar = request.body?.rattar;
    const correctsId = typeof rattar === 'string' && rattar ? rattar : undefined;
    try {
      await services.decisions.recordDecision(staff.actor, request.params.reference, values, correctsId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.errors)) throw error;
      return renderForm(request, reply, services, staff, { values, errors: error.errors, correctsId });
    }
    return seeOther(
      reply,
      `/${staff.tenant.slug}/handlaggning/arenden/${request.params.reference}?klart=beslut`,
    );
  });

  app.get<LetterParams>(`${formPath}/:decisionId/beslut.pdf`, async (request, reply) => {
    const staff = await requireStaff(request, reply, services);
    if (!staff) return reply;
    const { reference, decisionId } = request.params;
    return sendLetter(reply, await services.decisions.letterForOfficer(staff.actor, reference, decisionId));
  });

  app.get<{ Params: { reference: string; decisionId: string } }>(
    '/mina-sidor/arenden/:reference/beslut/:decisionId/beslut.pdf',
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
