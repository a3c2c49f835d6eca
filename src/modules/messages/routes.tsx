/** Message routes: the resident's inbox and conversations on My Pages, the officer's conversation page. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { submitRateLimit, withRateLimit } from '../../platform/rate-limit/rate-limit.ts';
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
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireStaff } from '../organisation/staff-http.ts';
import { type MessageDownload, MessageValidationError } from './service.ts';
import { readMessageForm } from './upload.ts';
import { OfficerThreadPage, officerCasePath } from './views/officer-views.tsx';
import { InboxPage, ResidentThreadPage, residentThreadPath } from './views/resident-views.tsx';
import type { MessageFormState } from './views/thread-parts.tsx';

const ResidentThread = Type.Object({ reference: ReferenceParam });
const OfficerThread = Type.Object({ tenant: SlugParam, reference: ReferenceParam });
const Sent = Type.Object({ skickat: Type.Optional(Type.String()) });
const MessageBody = formBody({ body: FormText });
const ResidentFile = Type.Object({ ...ResidentThread.properties, id: IdParam });
const OfficerFile = Type.Object({ ...OfficerThread.properties, id: IdParam });

type ResidentThreadRequest = {
  Params: Static<typeof ResidentThread>;
  Querystring: Static<typeof Sent>;
  Body: Static<typeof MessageBody> | undefined;
};
type OfficerThreadRequest = {
  Params: Static<typeof OfficerThread>;
  Querystring: Static<typeof Sent>;
  Body: Static<typeof MessageBody> | undefined;
};
type ResidentFileRequest = { Params: Static<typeof ResidentFile> };
type OfficerFileRequest = { Params: Static<typeof OfficerFile> };

/** The input each route takes; a message may come with files (multipart), read part by part. */
const input = {
  residentThread: htmlInput({ params: ResidentThread, querystring: Sent }),
  residentPost: withRateLimit(
    htmlInput({ params: ResidentThread, querystring: Sent, body: MessageBody, multipart: true }),
    submitRateLimit,
  ),
  residentFile: htmlInput({ params: ResidentFile }),
  officerThread: htmlInput({ params: OfficerThread, querystring: Sent }),
  officerPost: withRateLimit(
    htmlInput({ params: OfficerThread, querystring: Sent, body: MessageBody, multipart: true }),
    submitRateLimit,
  ),
  officerFile: htmlInput({ params: OfficerFile }),
};

function sendFile(reply: FastifyReply, file: MessageDownload): FastifyReply {
  return sendDownload(reply, { ...file, body: file.stream });
}

/** A refused message re-renders its page (400); anything else goes on to the error handler. */
function refusedForm(error: unknown, form: { body: string; files: { staged: unknown[] } }): MessageFormState {
  if (!(error instanceof MessageValidationError)) throw error;
  return { problems: error.problems, body: form.body, filesDropped: form.files.staged.length > 0 };
}

export function registerMessageRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { messages } = services;

  app.get('/mina-sidor/meddelanden', async (request, reply) => {
    const ownId = personOrLogin(request, reply);
    if (!ownId) return reply;
    // While acting for someone (issue #13): their conversations, in the services granted only.
    const acting = request.actingFor;
    const entries = acting
      ? await messages.inboxOfPerson(acting.principal.personId, acting.acting.grants)
      : await messages.inboxOfPerson(ownId);
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

  app.get<ResidentThreadRequest>(
    '/mina-sidor/arenden/:reference/meddelanden',
    input.residentThread,
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      return renderResident(request, reply);
    },
  );

  app.post<ResidentThreadRequest>(
    '/mina-sidor/arenden/:reference/meddelanden',
    input.residentPost,
    async (request, reply) => {
      if (!personOrLogin(request, reply)) return reply;
      const form = await readMessageForm(request, messages);
      const person = request.session?.person;
      const applicant = applicantOf(request);
      // While acting for someone (issue #13) the resident is the principal; the service names both.
      const named = applicant.actingFor ? applicant : person;
      const resident = {
        ...applicant,
        name: named ? `${named.givenName} ${named.familyName}` : '',
      };
      try {
        await messages.sendAsResident(resident, request.params.reference, form.body, form.files);
      } catch (error) {
        return renderResident(request, reply, refusedForm(error, form));
      }
      return seeOther(reply, `${residentThreadPath(request.params.reference)}?skickat=1`);
    },
  );

  app.get<ResidentFileRequest>(
    '/mina-sidor/arenden/:reference/meddelanden/bilagor/:id',
    input.residentFile,
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

  app.get<OfficerThreadRequest>(
    '/:tenant/handlaggning/arenden/:reference/meddelanden',
    input.officerThread,
    renderOfficer,
  );

  app.post<OfficerThreadRequest>(
    '/:tenant/handlaggning/arenden/:reference/meddelanden',
    input.officerPost,
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
    input.officerFile,
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference, id } = request.params;
      return sendFile(reply, await messages.attachmentForOfficer(staff.actor, reference, id));
    },
  );
}
