/** What the draft routes accept: params, query and step bodies, as schemas (issue #9). */
import { type Static, Type } from 'typebox';
import { submitRateLimit, withRateLimit } from '../../platform/rate-limit/rate-limit.ts';
import { AnswersBody, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';

const ServiceParams = Type.Object({ tenant: SlugParam, service: SlugParam });
const DraftParamsSchema = Type.Object({ ...ServiceParams.properties, draftId: IdParam });
const StepParamsSchema = Type.Object({
  ...DraftParamsSchema.properties,
  stepId: Type.String({ pattern: '^[a-z][a-zA-Z0-9]{0,99}$' }),
});
const StepQuery = Type.Object({ fran: Type.Optional(Type.String()) });
const AttachmentParams = Type.Object({ ...DraftParamsSchema.properties, attachmentId: IdParam });

export type DraftParams = { Params: Static<typeof DraftParamsSchema> };
export type StepParams = { Params: Static<typeof StepParamsSchema>; Querystring: Static<typeof StepQuery> };

/** The input each kind of draft route takes (see web/http/html-input.ts); posts are rate-limited. */
export const draftInput = {
  start: withRateLimit(htmlInput({ params: ServiceParams, body: formBody({}) }), submitRateLimit),
  draft: htmlInput({ params: DraftParamsSchema }),
  draftPost: withRateLimit(htmlInput({ params: DraftParamsSchema, body: formBody({}) }), submitRateLimit),
  step: htmlInput({ params: StepParamsSchema, querystring: StepQuery }),
  stepPost: withRateLimit(
    htmlInput({ params: StepParamsSchema, querystring: StepQuery, body: AnswersBody, multipart: true }),
    submitRateLimit,
  ),
  attachment: htmlInput({ params: AttachmentParams }),
};

/** A step post's body: the answers as typed (multipart posts are read part by part instead). */
export type AnswersInput = { Body: Static<typeof AnswersBody> | undefined };
export type AttachmentRoute = { Params: Static<typeof AttachmentParams> };
export type ServiceRoute = { Params: Static<typeof ServiceParams> };
