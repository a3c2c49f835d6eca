/**
 * Decisions for business systems (issue #12, docs/api.md): `POST /api/v1/cases/{reference}/decisions`
 * records a decision with its letter, as an officer's form does (scope `cases:decisions`), and
 * `GET …/decisions/{decisionId}/letter` hands out a letter (scope `cases:read`). The client's reach
 * decides in the service (client-cases.ts); the applicant gets the decision on My Pages.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { inputError, ReferenceParam } from '../../platform/http/input-schemas.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import {
  APPEAL_INFORMATION_MAX,
  DECISION_OUTCOMES,
  JUSTIFICATION_MAX,
  LEGAL_BASIS_MAX,
} from '../decisions/model.ts';
import { authenticateClient, CLIENT_SECURITY, clientOf, clientRateLimit } from './api-routes.ts';

const Problem = { $ref: 'Problem#' };
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

const NewDecision = Type.Object(
  {
    outcome: Type.Union(
      DECISION_OUTCOMES.map((outcome) => Type.Literal(outcome)),
      { description: 'Bifall, delvis bifall, avslag or avvisning', examples: ['granted'] },
    ),
    justification: Type.String({
      maxLength: JUSTIFICATION_MAX,
      description: 'Why (förvaltningslagen 32 §); shown in the letter',
      examples: ['Avståndet mellan hemmet och skolan är 4,2 km, längre än 3 km.'],
    }),
    legalBasis: Type.String({ maxLength: LEGAL_BASIS_MAX, examples: ['Skollagen (2010:800) 10 kap. 32 §'] }),
    validFrom: Type.Optional(Day),
    validTo: Type.Optional(Day),
    appealInformation: Type.Optional(
      Type.String({
        maxLength: APPEAL_INFORMATION_MAX,
        description: 'How to appeal (förvaltningslagen 33 §); required unless the application is granted',
      }),
    ),
    proposalDeviation: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'Why the decision differs from the case’s rule-based proposal; required only then',
      }),
    ),
    decidedByName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'The official who decided in the business system, named on the letter (default: the client’s name)',
      }),
    ),
    corrects: Type.Optional(
      Type.String({ format: 'uuid', description: 'The decision this one corrects (the latest in force)' }),
    ),
  },
  { additionalProperties: false },
);

const Recorded = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  links: Type.Object({ letter: Type.String() }),
});

const CaseParams = Type.Object({ reference: ReferenceParam });
const LetterParams = Type.Object({ reference: ReferenceParam, decisionId: Type.String({ format: 'uuid' }) });

/** Registers the decision routes of the case API. */
export function registerClientDecisionApi(app: FastifyInstance, context: RouteContext): void {
  const { services } = context;
  const common = {
    schemaErrorFormatter: inputError,
    preHandler: authenticateClient(context),
    config: { json: true, tokenAuth: true, rateLimit: clientRateLimit },
  };
  const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem };

  app.post<{ Params: Static<typeof CaseParams>; Body: Static<typeof NewDecision> }>(
    '/api/v1/cases/:reference/decisions',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'recordDecision',
        summary: 'Records a decision with its letter (or corrects the one in force)',
        description:
          'Needs the scope cases:decisions. A first decision moves the case to its workflow’s decided status (400 VALIDATION_FAILED, field status, when the workflow does not allow it from the current one). Ingång writes the letter (PDF); the applicant is told and reads it on My Pages. The decision, its history event and the audit entry name the client.',
        security: [{ oauth2: ['cases:decisions'] }, { apiKey: [] }],
        params: CaseParams,
        body: NewDecision,
        response: { 201: Recorded, ...errors, 409: Problem },
      },
    },
    async (request, reply) => {
      const { reference } = request.params;
      const { corrects, ...body } = request.body;
      const { decisionId } = await services.clientCases.decide(
        clientOf(request),
        reference,
        { ...body, validFrom: body.validFrom ?? '', validTo: body.validTo ?? '' },
        corrects,
      );
      const letter = `/api/v1/cases/${reference}/decisions/${decisionId}/letter`;
      reply.code(201);
      return { id: decisionId, reference, links: { letter } };
    },
  );

  app.get<{ Params: Static<typeof LetterParams> }>(
    '/api/v1/cases/:reference/decisions/:decisionId/letter',
    {
      ...common,
      schema: {
        tags: ['cases'],
        operationId: 'getDecisionLetter',
        summary: 'A decision letter (PDF), as the applicant got it',
        description:
          'Needs the scope cases:read. The decision ids are in the case’s history (events of type decision).',
        security: CLIENT_SECURITY,
        params: LetterParams,
        response: {
          200: {
            description: 'The letter',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { reference, decisionId } = request.params;
      const letter = await services.clientCases.decisionLetter(clientOf(request), reference, decisionId);
      return sendDownload(reply, {
        filename: letter.filename,
        contentType: 'application/pdf',
        body: letter.stream,
      });
    },
  );
}
