/** Message routes: the resident's inbox and conversations on My Pages, the officer's conversation page. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { applicantOf } from '../applications/routes.tsx';
import { pageTenant } from '../catalogue/routes.tsx';
import { requireStaff } from '../organisation/staff-http.ts';
import { type MessageDownload, MessageValidationError } from './service.ts';
import { readMessageForm } from './upload.ts';
import { OfficerThreadPage, officerCasePath } from './views/officer-views.tsx';
import { InboxPage, ResidentThreadPage, residentThreadPath } from './views/resident-views.tsx';
import type { MessageFormState } from './views/thread-parts.tsx';

type ResidentThreadRequest = { Params: { reference: string }; Querystring: { skickat?: string } };
type OfficerThreadRequest = {
  Params: { tenant: string; reference: string };
  Querystring: { skickat?: string };
};
type ResidentFileRequest = { Params: { reference: string; id: string } };
type OfficerFileRequest = { Params: { tenant: string; reference: string; id: string } };

/** The logged-in person's id, or a redirect to login that returns here. */
function personOrLogin(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const personId = request.session?.personId;
  if (personId) return personId;
  seeOther(reply, `/logga-in?tillbaka=${encodeURIComponent(request.url)}`);
  return undefined;
}

function sendFile(reply: FastifyReply, file: MessageDownload): FastifyReply {
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  return reply.type(file.contentType).send(file.stream);
}

/** A refused message re-renders its page (400); anything else goes on to the error handler. */
function refusedForm(error: unknown, form: { body: string; files: { staged: unknown[] } }): MessageFormState {
  if (!(error instanceof MessageValidationError)) throw error;
  return { problems: error.problems, body: form.body, filesDropped: form.files.staged.length > 0 };
}

export function registerMessageRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { messages } = services;

  app.get('/mina-sidor/meddelanden', async (request, reply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    const entries = await messages.inboxOfPerson(personId);
    return sendPage(reply, <InboxPage ctx={pageContext(request)} entries={entries} />);
  });

  const renderResident = async (
    request: FastifyRequest<ResidentThreadRequest>,
    reply: FastifyReply,
    form?: MessageFormState,
  ) => {
    const thread = await messages.threadForResident(applicantOf(request), request.params.reference);
    const ctx = pageContext(request, pageTenant(thread.tenant));
    const sent = request.query.skickat === '1';
    return sendPage(
      reply,
      <ResidentThreadPage ctx={ctx} thread={thread} sent={sent} form={form} />,
      form ? 400 : 200,
    );
  };

  app.get<ResidentThreadRequest>('/mina-sidor/arenden/:reference/meddelanden', async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    return renderResident(request, reply);
  });

  app.post<ResidentThreadRequest>('/mina-sidor/arenden/:reference/meddelanden', async (request, reply) => {
    if (!personOrLogin(request, reply)) return reply;
    const form = await readMessageForm(request, messages);
    const person = request.session?.person;
    const resident = {
      ...applicantOf(request),
      name: person ? `${person.givenName} ${person.familyName}` : '',
    };
    try {
      await messages.sendAsResident(resident, request.params.reference, form.body, form.files);
    } catch (error) {
      return renderResident(request, reply, refusedForm(error, form));
    }
    return seeOther(reply, `${residentThreadPath(request.params.reference)}?skickat=1`);
  });

  app.get<ResidentFileRequest>(
    '/mina-sidor/arenden/:reference/meddelanden/bilagor/:id',
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const { reference, id } = request.params;
      return sendFile(reply, await messages.attachmentForResident(applicantOf(request), reference, id));
    },
  );

  const renderOfficer = async (
    request: FastifyRequest<OfficerThreadRequest>,
    reply: FastifyReply,
    form?: MessageFormState,
  ) => {
    const staff = await requireStaff(request, reply, services);
    if (!staff) return reply;
    const thread = await messages.threadForOfficer(staff.actor, request.params.reference);
    const ctx = pageContext(request, pageTenant(staff.tenant));
    const sent = request.query.skickat === '1';
    return sendPage(
      reply,
      <OfficerThreadPage ctx={ctx} actor={staff.actor} thread={thread} sent={sent} form={form} />,
      form ? 400 : 200,
    );
  };

  app.get<OfficerThreadRequest>('/:tenant/handlaggning/arenden/:reference/meddelanden', renderOfficer);

  app.post<OfficerThreadRequest>(
    '/:tenant/handlaggning/arenden/:reference/meddelanden',
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const form = await readMessageForm(request, messages);
      const { tenant, reference } = request.params;
      try {
        await messages.sendAsOfficer(staff.actor, reference, form.body, form.files);
      } catch (error) {
        return renderOfficer(request, reply, refusedForm(error, form));
      }
      return seeOther(reply, `${officerCasePath(tenant, reference)}/meddelanden?skickat=1`);
    },
  );

  app.get<OfficerFileRequest>(
    '/:tenant/handlaggning/arenden/:reference/meddelanden/bilagor/:id',
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference, id } = request.params;
      return sendFile(reply, await messages.attachmentForOfficer(staff.actor, reference, id));
    },
  );
}
