/**
 * The customer centre's pages, `/{tenant}/handlaggning/kundcenter/…` (issue #13,
 * docs/customer-centre.md): find a person, their cases, register a case for them, close a contact
 * without a case, the statistics. Forms POST and redirect (303); a refused form comes back (400)
 * with its errors next to the fields and in the summary.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext, RouteServices as Services } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import {
  AnswersBody,
  FormText,
  formBody,
  htmlInput,
  IdParam,
  ReferenceParam,
  SlugParam,
} from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { isCustomerCentre } from '../case-handling/policy.ts';
import type { Answers } from '../forms/definition.ts';
import { type FormBody, parseStepInput } from '../forms/parse-input.ts';
import { isUuid } from '../organisation/model.ts';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import { customerCentreMessages } from './messages.ts';
import { CloseContactView, StatisticsView } from './views/contact-views.tsx';
import { HomeView, PersonView } from './views/lookup-views.tsx';
import {
  ChooseServiceView,
  ReceiptView,
  RegistrationView,
  type ShownApplicant,
} from './views/registration-view.tsx';

const Tenant = Type.Object({ tenant: SlugParam });
const Person = Type.Object({ tenant: SlugParam, personId: IdParam });
const Service = Type.Object({ tenant: SlugParam, service: SlugParam });
const HomeQuery = Type.Object({ klart: Type.Optional(Type.String()) });
const RegisterQuery = Type.Object({
  person: Type.Optional(IdParam),
  tjanst: Type.Optional(SlugParam),
  // Present when the choice was submitted (its button), so that no service means none was chosen.
  steg: Type.Optional(Type.String()),
});
const ReceiptQuery = Type.Object({ arende: ReferenceParam, person: Type.Optional(IdParam) });
const LookupBody = formBody({ personalIdentityNumber: FormText });
const ChoiceBody = formBody({ ccPin: FormText, tjanst: FormText, steg: FormText });
const ContactBody = formBody({ channel: FormText, category: FormText, outcome: FormText });

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>;

/** The staff member behind the request, who must work in the customer centre (403 otherwise). */
async function requireCentre(request: TenantRequest, reply: FastifyReply, services: Services) {
  const staff = await requireStaff(request, reply, services);
  if (staff && !isCustomerCentre(staff.actor)) throw new AppError('FORBIDDEN', 'Only customer-centre staff');
  return staff;
}

/** The answers of every step of the service, read from one page's post. */
function answersOf(steps: Parameters<typeof parseStepInput>[0][], body: FormBody): Answers {
  return steps.reduce<Answers>((answers, step) => parseStepInput(step, body, answers), {});
}

/** The registration form for a service, for a person found or as the form says. */
async function showRegistration(
  request: FastifyRequest,
  reply: FastifyReply,
  context: { services: Services; staff: StaffRequest; slug: string; personId?: string },
  shown: { values: Record<string, unknown>; answers: Answers; errors: { field: string; message: string }[] },
) {
  const { services, staff } = context;
  const service = await services.customerCentre.registrableService(staff.actor, context.slug);
  let applicant: ShownApplicant = { kind: 'form' };
  if (context.personId) {
    const person = await services.profile.getProfile(context.personId);
    applicant = { kind: 'known', personId: person.id, name: `${person.givenName} ${person.familyName}` };
  }
  const ctx = pageContext(request, pageTenant(staff.tenant));
  return sendPage(
    reply,
    <RegistrationView ctx={ctx} actor={staff.actor} service={service} applicant={applicant} {...shown} />,
    shown.errors.length > 0 ? 400 : 200,
  );
}

export function registerCustomerCentreRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const centre = services.customerCentre;
  const base = '/:tenant/handlaggning/kundcenter';

  const home = (staff: StaffRequest) => `/${staff.tenant.slug}/handlaggning/kundcenter`;

  /**
   * The answer to a look-up by personnummer: the person's page when someone has it, else the start
   * page with the choice of service for that number (`missing`: "Fortsätt" was pressed without one),
   * or the start page with the number's error.
   */
  const answerLookUp = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffRequest,
    typed: string,
    missing: boolean,
  ) => {
    const ctx = pageContext(request, pageTenant(staff.tenant));
    try {
      const found = await centre.lookUp(staff.actor, typed);
      if (found) return seeOther(reply, `${home(staff)}/personer/${found.personId}`);
      const notFound = {
        pin: typed.trim(),
        services: await centre.registrableServices(staff.actor),
        missing,
      };
      return sendPage(
        reply,
        <HomeView ctx={ctx} actor={staff.actor} errors={[]} notFound={notFound} />,
        missing ? 400 : 200,
      );
    } catch (error) {
      const errors = refusedFields(error);
      return sendPage(reply, <HomeView ctx={ctx} actor={staff.actor} errors={errors} typed={typed} />, 400);
    }
  };

  /** A person's overview; `missing` when "Fortsätt" was pressed without choosing a service. */
  const showPerson = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffRequest,
    personId: string,
    missing: boolean,
  ) => {
    const [overview, registrable] = await Promise.all([
      centre.personOverview(staff.actor, personId),
      centre.registrableServices(staff.actor),
    ]);
    const ctx = pageContext(request, pageTenant(staff.tenant));
    return sendPage(
      reply,
      <PersonView
        ctx={ctx}
        actor={staff.actor}
        overview={overview}
        services={registrable}
        missing={missing}
      />,
      missing ? 400 : 200,
    );
  };

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof HomeQuery> }>(
    base,
    htmlInput({ params: Tenant, querystring: HomeQuery }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const t = translator(customerCentreMessages, request.lang);
      const notice = request.query.klart === 'kontakt' ? t('closedNotice') : undefined;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(reply, <HomeView ctx={ctx} actor={staff.actor} errors={[]} notice={notice} />);
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof LookupBody> }>(
    `${base}/sok`,
    htmlInput({ params: Tenant, body: LookupBody }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const typed = request.body?.personalIdentityNumber ?? '';
      return answerLookUp(request, reply, staff, typed, false);
    },
  );

  app.get<{ Params: Static<typeof Person> }>(
    `${base}/personer/:personId`,
    htmlInput({ params: Person }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      return showPerson(request, reply, staff, request.params.personId, false);
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof RegisterQuery> }>(
    `${base}/registrera`,
    htmlInput({ params: Tenant, querystring: RegisterQuery }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const { person, tjanst } = request.query;
      if (tjanst) {
        const context = { services, staff, slug: tjanst, personId: person };
        return showRegistration(request, reply, context, { values: {}, answers: {}, errors: [] });
      }
      const missing = request.query.steg !== undefined;
      if (person && missing) return showPerson(request, reply, staff, person, true);
      const registrable = await centre.registrableServices(staff.actor);
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(
        reply,
        <ChooseServiceView ctx={ctx} actor={staff.actor} services={registrable} missing={missing} />,
        missing ? 400 : 200,
      );
    },
  );

  // A personnummer nobody has yet travels in the body, never in the address (logs, history).
  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof ChoiceBody> }>(
    `${base}/registrera`,
    htmlInput({ params: Tenant, body: ChoiceBody }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const slug = request.body?.tjanst ?? '';
      const values = { ccPin: request.body?.ccPin ?? '' };
      // No service chosen: the look-up's answer again, with the error at the choice.
      if (!slug) return answerLookUp(request, reply, staff, values.ccPin, true);
      return showRegistration(request, reply, { services, staff, slug }, { values, answers: {}, errors: [] });
    },
  );

  app.post<{ Params: Static<typeof Service>; Body: Static<typeof AnswersBody> }>(
    `${base}/registrera/:service`,
    htmlInput({ params: Service, body: AnswersBody }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const slug = request.params.service;
      const form = typedValues(request.body) as FormBody;
      const personId = isUuid(form.person) ? form.person : undefined;
      const live = await centre.registrableService(staff.actor, slug);
      const answers = answersOf(live.version.definition.steps, form);
      try {
        const input = { tenant: staff.tenant, slug, personId, form, answers, language: request.lang };
        const { reference } = await centre.register(staff.actor, input);
        const query = new URLSearchParams({ arende: reference, ...(personId ? { person: personId } : {}) });
        return seeOther(reply, `${home(staff)}/registrerat?${query.toString()}`);
      } catch (error) {
        const errors = refusedFields(error);
        const context = { services, staff, slug, personId };
        return showRegistration(request, reply, context, { values: form, answers, errors });
      }
    },
  );

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof ReceiptQuery> }>(
    `${base}/registrerat`,
    htmlInput({ params: Tenant, querystring: ReceiptQuery }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      const { arende, person } = request.query;
      return sendPage(
        reply,
        <ReceiptView ctx={ctx} actor={staff.actor} reference={arende} personId={person} />,
      );
    },
  );

  app.get<{ Params: Static<typeof Tenant> }>(
    `${base}/kontakt`,
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const categories = await centre.categories(staff.actor);
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(
        reply,
        <CloseContactView ctx={ctx} actor={staff.actor} categories={categories} values={{}} errors={[]} />,
      );
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: Static<typeof ContactBody> }>(
    `${base}/kontakt`,
    htmlInput({ params: Tenant, body: ContactBody }),
    async (request, reply) => {
      const staff = await requireCentre(request, reply, services);
      if (!staff) return reply;
      const values = typedValues(request.body);
      try {
        await centre.closeContact(staff.actor, values);
        return seeOther(reply, `${home(staff)}?klart=kontakt`);
      } catch (error) {
        const errors = refusedFields(error);
        const categories = await centre.categories(staff.actor);
        const ctx = pageContext(request, pageTenant(staff.tenant));
        const page = (
          <CloseContactView
            ctx={ctx}
            actor={staff.actor}
            categories={categories}
            values={values}
            errors={errors}
          />
        );
        return sendPage(reply, page, 400);
      }
    },
  );

  app.get<{ Params: Static<typeof Tenant> }>(
    `${base}/statistik`,
    htmlInput({ params: Tenant }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const statistics = await centre.statistics(staff.actor);
      const categories = await centre.categories(staff.actor);
      const ctx = pageContext(request, pageTenant(staff.tenant));
      return sendPage(
        reply,
        <StatisticsView ctx={ctx} actor={staff.actor} statistics={statistics} categories={categories} />,
      );
    },
  );
}
