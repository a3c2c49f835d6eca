/** My profile (/mina-sidor/profil): thin handlers over the profile service, Post/Redirect/Get. */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { requireResident } from '../../platform/identity/identity-service.ts';
import { FormText, formBody, htmlInput } from '../../web/http/html-input.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { ContactField, ContactInput, ContactProblem } from './model.ts';
import { type ContactFormValues, formValuesOf, ProfilePage } from './views/profile-page.tsx';

const PROFILE_PATH = '/mina-sidor/profil';
const FIELDS: ContactField[] = ['email', 'phone', 'street', 'postalCode', 'city'];

const ContactBody = formBody({
  email: FormText,
  phone: FormText,
  street: FormText,
  postalCode: FormText,
  city: FormText,
});
const Saved = Type.Object({ sparat: Type.Optional(Type.String()) });

function formValues(body: Static<typeof ContactBody>): ContactFormValues {
  // What is typed is shown again; beyond 500 characters it is not an address anyway.
  const value = (field: ContactField) => (body[field] ?? '').slice(0, 500);
  return Object.fromEntries(FIELDS.map((field) => [field, value(field)])) as ContactFormValues;
}

function contactInput(values: ContactFormValues): ContactInput {
  const { email, phone, street, postalCode, city } = values;
  return { email, phone, address: { street, postalCode, city } };
}

function fieldErrors(error: unknown): Map<ContactField, ContactProblem> {
  const refused = refusedFields(error);
  return new Map(refused.map((item) => [item.field as ContactField, item.message as ContactProblem]));
}

/** Registers GET and POST /mina-sidor/profil (login required). */
export function registerProfileRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Querystring: Static<typeof Saved> }>(
    PROFILE_PATH,
    htmlInput({ querystring: Saved }),
    async (request, reply) => {
      const resident = requireResident(request, 'none');
      const profile = await services.profile.getProfile(resident.personId);
      const saved = request.query.sparat === '1';
      const page = (
        <ProfilePage
          ctx={pageContext(request)}
          profile={profile}
          values={formValuesOf(profile)}
          errors={new Map()}
          saved={saved}
        />
      );
      return sendPage(reply, page);
    },
  );

  app.post<{ Body: Static<typeof ContactBody> }>(
    PROFILE_PATH,
    htmlInput({ body: ContactBody }),
    async (request, reply) => {
      const resident = requireResident(request, 'none');
      const values = formValues(request.body);
      try {
        await services.profile.updateContact(resident.personId, contactInput(values));
      } catch (error) {
        const errors = fieldErrors(error);
        const profile = await services.profile.getProfile(resident.personId);
        return sendPage(
          reply,
          <ProfilePage
            ctx={pageContext(request)}
            profile={profile}
            values={values}
            errors={errors}
            saved={false}
          />,
          400,
        );
      }
      return seeOther(reply, `${PROFILE_PATH}?sparat=1`);
    },
  );
}
