/**
 * What the back office's routes accept: params, the queue's query and each case action's form, as
 * schemas (issue #9). The schemas refuse shapes no page of ours sends (a malformed reference is not
 * found, a field sent twice is the friendly error page); what an officer types (an empty or too long
 * note, no status chosen) is still checked by the service, with the error next to the field.
 */
import { type Static, Type } from 'typebox';
import {
  FormList,
  FormText,
  formBody,
  htmlInput,
  IdParam,
  ReferenceParam,
  SlugParam,
} from '../../web/http/html-input.ts';

const TenantParams = Type.Object({ tenant: SlugParam });
const CaseParams = Type.Object({ tenant: SlugParam, reference: ReferenceParam });
const AttachmentParams = Type.Object({ ...CaseParams.properties, attachmentId: IdParam });
const ShareParams = Type.Object({ ...CaseParams.properties, shareId: IdParam });

/** A query value that the queue reads leniently: unknown or malformed values are ignored. */
const QueryText = Type.Optional(Type.String());

/**
 * The queue's filters (`?status=…&tjanst=…&kanal=…`), sort and cursor. Each is one string; the queue
 * model turns unknown values into "no filter" (queue-model.ts), as the filter form never sends them.
 */
export const QueueQuery = Type.Object({
  status: QueryText,
  tjanst: QueryText,
  kanal: QueryText,
  tilldelad: QueryText,
  forsenade: QueryText,
  provning: QueryText,
  avslutade: QueryText,
  fran: QueryText,
  till: QueryText,
  sok: QueryText,
  sortering: QueryText,
  efter: QueryText,
});

/** `?klart=…` after an action: which confirmation the case page shows. */
const CaseQuery = Type.Object({ klart: QueryText });

/** The case actions' forms; each route's schema allows only its own fields. */
const AssignBody = formBody({ staffId: FormText });
const StatusBody = formBody({ status: FormText, message: FormText });
const NoteBody = formBody({ note: FormText });
const CompletionBody = formBody({ steps: FormList, message: FormText });
/** Moving one case (issue #13): to a unit and/or an e-service, with a reason. */
const MoveBody = formBody({ unitId: FormText, serviceId: FormText, reason: FormText });
/** Sharing one case with another unit, and revealing a protected answer (decision 0033). */
const ShareBody = formBody({ unitId: FormText, reason: FormText, endsOn: FormText });
const RevealBody = formBody({ fieldId: FormText, reason: FormText });
/** Take and release send nothing but the CSRF token. */
const EmptyBody = formBody({});

export type QueueQueryInput = Static<typeof QueueQuery>;
export type TenantRoute = { Params: Static<typeof TenantParams> };
export type QueueRoute = TenantRoute & { Querystring: QueueQueryInput };
export type CaseParamsInput = Static<typeof CaseParams>;
export type CaseRoute = { Params: CaseParamsInput; Querystring: Static<typeof CaseQuery> };
export type AttachmentRoute = { Params: Static<typeof AttachmentParams> };
export type ShareRoute = { Params: Static<typeof ShareParams> };

/** The form body each case action takes. */
export interface ActionBodies {
  ta: Static<typeof EmptyBody>;
  slapp: Static<typeof EmptyBody>;
  tilldela: Static<typeof AssignBody>;
  status: Static<typeof StatusBody>;
  anteckning: Static<typeof NoteBody>;
  komplettering: Static<typeof CompletionBody>;
  flytta: Static<typeof MoveBody>;
  dela: Static<typeof ShareBody>;
  visa: Static<typeof RevealBody>;
}

/** The input each back-office route takes (see web/http/html-input.ts), keyed by route or action path. */
export const officerInput = {
  tenant: htmlInput({ params: TenantParams }),
  queue: htmlInput({ params: TenantParams, querystring: QueueQuery }),
  case: htmlInput({ params: CaseParams, querystring: CaseQuery }),
  attachment: htmlInput({ params: AttachmentParams }),
  ta: htmlInput({ params: CaseParams, body: EmptyBody }),
  slapp: htmlInput({ params: CaseParams, body: EmptyBody }),
  tilldela: htmlInput({ params: CaseParams, body: AssignBody }),
  status: htmlInput({ params: CaseParams, body: StatusBody }),
  anteckning: htmlInput({ params: CaseParams, body: NoteBody }),
  komplettering: htmlInput({ params: CaseParams, body: CompletionBody }),
  flytta: htmlInput({ params: CaseParams, body: MoveBody }),
  dela: htmlInput({ params: CaseParams, body: ShareBody }),
  visa: htmlInput({ params: CaseParams, body: RevealBody }),
  revokeShare: htmlInput({ params: ShareParams, body: EmptyBody }),
};

/** The path of each case action (`/:tenant/handlaggning/arenden/:reference/<path>`). */
export type ActionPath = keyof ActionBodies;
