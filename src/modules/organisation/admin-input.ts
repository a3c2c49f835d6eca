/** What the administration pages accept: params, query and each form, as schemas (issue #9). */
import { type Static, type TObject, Type } from 'typebox';
import { FormList, FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';

const TenantParams = Type.Object({ tenant: SlugParam });

/** `?klart=…&antal=…` notices, `?andra=` (the staff member being edited) and the audit search. */
export const AdminQuery = Type.Object({
  klart: Type.Optional(Type.String()),
  antal: Type.Optional(Type.String()),
  andra: Type.Optional(Type.String()),
  arende: Type.Optional(Type.String()),
  personnummer: Type.Optional(Type.String()),
});

/** Every field an administration form sends; each route's schema allows only its own. */
const fields = {
  name: FormText,
  unitId: FormText,
  unitIds: FormList,
  personalIdentityNumber: FormText,
  givenName: FormText,
  familyName: FormText,
  role: FormText,
  active: FormText,
};

export type AdminBody = Partial<Static<ReturnType<typeof formBody<typeof fields>>>>;
export type AdminParams = Static<typeof TenantParams> & {
  unitId?: string;
  serviceId?: string;
  staffId?: string;
};

function withId(name: 'unitId' | 'serviceId' | 'staffId'): TObject {
  return Type.Object({ ...TenantParams.properties, [name]: IdParam });
}

/** Route options of the pages (GET) and of each form (POST), keyed by path. */
export const adminInput = {
  page: htmlInput({ params: TenantParams, querystring: AdminQuery }),
  '/enheter': htmlInput({
    params: TenantParams,
    querystring: AdminQuery,
    body: formBody({ name: fields.name }),
  }),
  '/enheter/:unitId': htmlInput({
    params: withId('unitId'),
    querystring: AdminQuery,
    body: formBody({ name: fields.name }),
  }),
  '/tjanster/:serviceId': htmlInput({
    params: withId('serviceId'),
    querystring: AdminQuery,
    body: formBody({ unitId: fields.unitId }),
  }),
  '/personal': htmlInput({
    params: TenantParams,
    querystring: AdminQuery,
    body: formBody({
      personalIdentityNumber: fields.personalIdentityNumber,
      givenName: fields.givenName,
      familyName: fields.familyName,
      role: fields.role,
      active: fields.active,
    }),
  }),
  '/personal/:staffId/enheter': htmlInput({
    params: withId('staffId'),
    querystring: AdminQuery,
    body: formBody({ unitIds: fields.unitIds }),
  }),
};

/** The path of each administration form. */
export type AdminFormPath = Exclude<keyof typeof adminInput, 'page'>;
