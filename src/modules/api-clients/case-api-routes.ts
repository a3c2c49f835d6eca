/**
 * Case reads for business systems (issue #12, docs/api.md): `GET /api/v1/cases` (keyset pages,
 * filters), one case, its history and its files. The client's policy decides in the service
 * (client-cases.ts); these handlers parse, call one function and shape the JSON.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { inputError, ReferenceParam } from '../../platform/http/input-schemas.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import type { CaseDetails, CaseListRow } from '../cases/service.ts';
import { authenticateClient, CLIENT_SECURITY, clientOf, clientRateLimit } from './api-routes.ts';
import type { NewClientCase } from './client-cases.ts';
import { IDEMPOTENCY_KEY_PATTERN } from './model.ts';

const Problem = { $ref: 'Problem#' };
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A Swedish calendar day, YYYY-MM-DD',
});
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const CaseSummary = Type.Object(
  {
    reference: Type.String({ examples: ['EXS-2026-000123'] }),
    service: Type.Object({ id: Uuid, slug: Type.String({ examples: ['skolskjuts'] }) }),
    status: Type.String({ description: 'A status id of the service’s workflow', examples: ['received'] }),
    statusCategory: Type.String({ examples: ['received', 'inProgress', 'decided', 'closed'] }),
    unitId: Nullable(Uuid),
    assignedStaffId: Nullable(Uuid),
    applicantName: Nullable(Type.String()),
    channel: Type.String({ examples: ['web', 'api', 'open311'] }),
    submittedAt: DateTime,
    dueAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
  },
  { $id: 'CaseSummary' },
);

const CasePage = Type.Object({
  items: Type.Array({ $ref: 'CaseSummary#' }),
  next: Type.Optional(Type.String({ description: 'Pass as `cursor` for the next page; absent on the last' })),
});

const Attachment = Type.Object({
  id: Uuid,
  fieldId: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
});

const CaseBody = Type.Intersect([
  Type.Omit(CaseSummary, []),
  Type.Object({
    language: Type.String(),
    applicant: Type.Object({
      kind: Type.String({ examples: ['person', 'organisation', 'anonymous'] }),
      name: Nullable(Type.String()),
      organisationNumber: Nullable(Type.String()),
      contact: Type.Unknown({ description: 'E-mail and phone the applicant gave, when any' }),
    }),
    answers: Type.Record(Type.String(), Type.Unknown(), { description: 'Field id → answer' }),
    protectedAnswers: Type.Array(Type.String(), {
      description:
        'Answered fields at confidentiality level 3 left out of `answers` (with their files) because the credential lacks the scope cases:protected',
    }),
    attachments: Type.Array(Attachment),
  }),
]);

const HistoryEvent = Type.Object({
  id: Type.String(),
  type: Type.String({ examples: ['submitted', 'statusChanged', 'note', 'proposal', 'decision'] }),
  visibility: Type.String({ examples: ['resident', 'internal'] }),
  actor: Type.Unknown(),
  data: Type.Unknown(),
  createdAt: DateTime,
});

const ListQuery = Type.Object({
  unit: Type.Optional(Uuid),
  service: Type.Optional(Uuid),
  status: Type.Optional(Type.String({ maxLength: 100 })),
  submittedFrom: Type.Optional(Day),
  submittedTo: Type.Optional(Day),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

const Contact = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

const NewCase = Type.Object(
  {
    service: Type.String({
      pattern: '^[a-z0-9-]{1,100}$',
      description: 'The e-service’s slug',
      examples: ['felanmalan'],
    }),
    answers: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Field id → answer, as the service definition asks; checked as a resident’s would be',
    }),
    applicant: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('person'),
          personalIdentityNumber: Type.String({ maxLength: 13, examples: ['197712241234'] }),
          givenName: Type.String({ minLength: 1, maxLength: 100 }),
          familyName: Type.String({ minLength: 1, maxLength: 100 }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('organisation'),
          organisationNumber: Type.String({ maxLength: 11, examples: ['556036-0793'] }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          contact: Type.Optional(Contact),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { kind: Type.Literal('anonymous'), contact: Type.Optional(Contact) },
        { additionalProperties: false },
      ),
    ]),
    language: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: IDEMPOTENCY_KEY_PATTERN,
      description: 'Any unique string per case to register (e.g. a UUID); a retry sends the same',
      examples: ['5f0c7a1e-3d2b-4c8e-9a61-2b7d0e4f9c13'],
    }),
  ),
});

const Created = Type.Object({
  reference: Type.String({ examples: ['EXS-2026-000124'] }),
  links: Type.Object({ self: Type.String(), history: Type.String() }),
});

const StatusChange = Type.Object(
  {
    status: Type.String({
      maxLength: 100,
      description: 'A status id of the workflow, reachable from the current one',
      examples: ['inProgress'],
    }),
    message: Type.Optional(
      Type.String({ maxLength: 2000, description: 'Shown to the applicant with the new status' }),
    ),
  },
  { additionalProperties: false },
);

const NewMessage = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 10000, description: 'Plain text to the applicant' }) },
  { additionalProperties: false },
);

const CompletionRequest = Type.Object(
  {
    steps: Type.Array(Type.String({ maxLength: 100 }), {
      minItems: 1,
      maxItems: 50,
      description: 'Step ids of the service definition the applicant is asked to complete',
      examples: [['need']],
    }),
    message: Type.String({ maxLength: 2000, description: 'What is missing, shown to the applicant' }),
  },
  { additionalProperties: false },
);

const CaseParams = Type.Object({ reference: ReferenceParam });
const AttachmentParams = Type.Object({ reference: ReferenceParam, attachmentId: Uuid });

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function summary(row: CaseListRow | CaseDetails['case'], slug: string) {
  return {
    reference: row.reference,
    service: { id: row.serviceId, slug },
    status: row.status,
    statusCategory: row.statusCategory,
    unitId: row.unitId,
    assignedStaffId: row.assignedStaffId,
    applicantName: row.applicantName,
    channel: row.channel,
    submittedAt: new Date(row.submittedAt).toISOString(),
    dueAt: iso(row.dueAt),
    closedAt: iso(row.closedAt),
  };
}

/** Registers the case reads; the schema `CaseSummary` is shared with the list. */
export function registerClientCaseApi(app: FastifyInstance, context: RouteContext): void {
  const { services } = context;
  app.addSchema(CaseSummary);
  const common = {
    schemaErrorFormatter: inputError,
    preHandler: authenticateClient(context),
    config: { json: true, tokenAuth: true, rateLimit: clientRateLimit },
  };
  const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/cases',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'listCases',
        summary: 'The cases in the client’s reach, newest first, a page at a time',
        description: 'Needs the scope cases:read. The reach is the client’s units and services.',
        security: CLIENT_SECURITY,
        querystring: ListQuery,
        response: { 200: CasePage, ...errors },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await services.clientCases.list(clientOf(request), {
        unitId: query.unit,
        serviceId: query.service,
        status: query.status,
        submittedFrom: query.submittedFrom,
        submittedTo: query.submittedTo,
        cursor: query.cursor,
        limit: query.limit ?? 50,
      });
      return {
        items: page.rows.map((row) => summary(row, page.slugs.get(row.serviceId) ?? '')),
        ...(page.next ? { next: page.next } : {}),
      };
    },
  );

  app.post<{ Body: Static<typeof NewCase>; Headers: Static<typeof IdempotencyHeaders> }>(
    '/api/v1/cases',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'createCase',
        summary: 'Registers a case in an e-service of the client’s reach (channel api)',
        description:
          'Needs the scope cases:create. The answers are checked as a resident’s would be (422 INTAKE_INVALID names the fields). A person applicant is found or created from the personnummer, and follows the case on My Pages. Send an Idempotency-Key to retry safely: the same key with the same body answers with the case the first request made (header Idempotent-Replayed: true), with another body 422 IDEMPOTENCY_KEY_REUSED.',
        security: [{ oauth2: ['cases:create'] }, { apiKey: [] }],
        headers: IdempotencyHeaders,
        body: NewCase,
        response: { 201: Created, ...errors, 409: Problem, 415: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { reference, replayed } = await services.clientCases.create(
        clientOf(request),
        {
          service: body.service,
          answers: body.answers as NewClientCase['answers'],
          applicant: body.applicant,
          language: body.language,
        },
        request.headers['idempotency-key'],
      );
      const self = `/api/v1/cases/${reference}`;
      reply.code(201).header('location', self);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return { reference, links: { self, history: `${self}/history` } };
    },
  );

  app.get<{ Params: Static<typeof CaseParams> }>(
    '/api/v1/cases/:reference',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'getCase',
        summary: 'One case with its answers and files',
        description:
          'Needs the scope cases:read. Answers at confidentiality level 3 (and their files) are included only with the scope cases:protected; without it they are named in protectedAnswers.',
        security: CLIENT_SECURITY,
        params: CaseParams,
        response: { 200: CaseBody, ...errors },
      },
    },
    async (request) => {
      const { details, protectedAnswers, slug } = await services.clientCases.read(
        clientOf(request),
        request.params.reference,
      );
      const row = details.case;
      return {
        ...summary(row, slug),
        language: row.language,
        applicant: {
          kind: row.applicantKind,
          name: row.applicantName,
          organisationNumber: row.applicantOrganisationNumber,
          contact: row.applicantContact ?? null,
        },
        answers: row.answers,
        protectedAnswers,
        attachments: details.attachments.map(({ storageKey: _key, ...file }) => ({
          ...file,
          sizeBytes: Number(file.sizeBytes),
        })),
      };
    },
  );

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof StatusChange> }>(
    '/api/v1/cases/:reference/status',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'changeCaseStatus',
        summary: 'Moves the case to a status its workflow allows from the current one',
        description:
          'Needs the scope cases:status. The change is in the case’s history and the audit log as the client’s; the applicant follows it on My Pages. An open completion request is withdrawn, as when an officer changes the status.',
        security: [{ oauth2: ['cases:status'] }, { apiKey: [] }],
        params: CaseParams,
        body: StatusChange,
        response: { 200: Type.Object({ reference: Type.String(), status: Type.String() }), ...errors },
      },
    },
    async (request) => {
      const { reference } = request.params;
      const { status, message } = request.body;
      await services.clientCases.changeStatus(clientOf(request), reference, status, message ?? '');
      return { reference, status };
    },
  );

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof NewMessage> }>(
    '/api/v1/cases/:reference/messages',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'sendCaseMessage',
        summary: 'Writes to the applicant, in the case’s conversation on My Pages',
        description:
          'Needs the scope cases:messages. The message is from the unit’s side, under the client’s name; the applicant gets a mail that something new has come (without the text). A case without a logged-in applicant (anonymous, organisation) answers 400.',
        security: [{ oauth2: ['cases:messages'] }, { apiKey: [] }],
        params: CaseParams,
        body: NewMessage,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errors },
      },
    },
    async (request, reply) => {
      const sent = await services.clientCases.message(
        clientOf(request),
        request.params.reference,
        request.body.body,
      );
      reply.code(201);
      return { id: sent.messageId };
    },
  );

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof CompletionRequest> }>(
    '/api/v1/cases/:reference/completion-request',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'requestCompletion',
        summary: 'Asks the applicant to complete steps of the application (komplettering)',
        description:
          'Needs the scope cases:status. The case moves to its workflow’s “waiting for the applicant” status and the applicant is told; when they have completed the steps on My Pages, it returns to the status it had.',
        security: [{ oauth2: ['cases:status'] }, { apiKey: [] }],
        params: CaseParams,
        body: CompletionRequest,
        response: { 201: Type.Object({ reference: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const { reference } = request.params;
      await services.clientCases.requestCompletion(
        clientOf(request),
        reference,
        request.body.steps,
        request.body.message,
      );
      reply.code(201);
      return { reference };
    },
  );

  app.get<{ Params: Static<typeof CaseParams> }>(
    '/api/v1/cases/:reference/history',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'getCaseHistory',
        summary: 'The case’s whole history, oldest first (internal notes included)',
        security: CLIENT_SECURITY,
        params: CaseParams,
        response: { 200: Type.Object({ events: Type.Array(HistoryEvent) }), ...errors },
      },
    },
    async (request) => {
      const events = await services.clientCases.history(clientOf(request), request.params.reference);
      return {
        events: events.map((event) => ({
          ...event,
          id: String(event.id),
          createdAt: new Date(event.createdAt).toISOString(),
        })),
      };
    },
  );

  app.get<{ Params: Static<typeof AttachmentParams> }>(
    '/api/v1/cases/:reference/attachments/:attachmentId',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'getCaseAttachment',
        summary: 'A file of the case, as it was uploaded',
        security: CLIENT_SECURITY,
        params: AttachmentParams,
        response: {
          200: {
            description: 'The file',
            content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { reference, attachmentId } = request.params;
      const file = await services.clientCases.attachment(clientOf(request), reference, attachmentId);
      return sendDownload(reply, {
        filename: file.filename,
        contentType: file.contentType,
        body: services.storage.read(file.storageKey),
      });
    },
  );
}
