/**
 * The modules' HTML input schemas. The generic parts (id/slug/text atoms, form bodies, the
 * formatter that turns a refused schema into a 404 or the friendly 400 page, `htmlInput`) live in
 * the platform (platform/http/input-schemas.ts) so the platform's own routes use them too; this
 * file adds what only the modules' pages need.
 */
import { Type } from 'typebox';

export {
  FormList,
  FormText,
  formBody,
  htmlInput,
  IdParam,
  inputError,
  jsonInput,
  ReferenceParam,
  ReturnPathQuery,
  SlugParam,
} from '../../platform/http/input-schemas.ts';

/** The answers of an e-service step: dynamic, so the form engine validates them field by field. */
export const AnswersBody = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));
