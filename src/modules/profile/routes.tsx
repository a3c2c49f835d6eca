/** My profile (/mina-sidor/profil): thin handlers over the profile service, Post/Redirect/Get. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { requireResident } from '../../platform/identity/identity-service.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { ContactField, ContactInput, ContactProblem } from './model.ts';
import { type ContactFormValues, formValuesOf, ProfilePage } from './views/profile-page.tsx';

const PROFILE_PATH = '/mina-sidor/profil';
const FIELDS: ContactField[] = ['email', 'phone', 'street', 'postalCode', 'city'];

function formValues(body: unknown): ContactFormValues {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const value = (field: ContactField) =>
    typeof record[field] === 'string' ? (record[field] as string).slice(0, 500) : '';
  return Object.fromEntries(FIELDS.map((field) => [field, value(field)])) as ContactFormValues;
}

function contactInput(values: ContactFormValues): ContactInput {
  const { email, phone, street, postalCode, city } = values;
  return { email, phone, address: { street, postalCode, city } };
}

function fieldErrors(error: unknown): Map<ContactField, ContactProblem> | undefined {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !error.errors) return undefined;
  return new Map(error.errors.map((item) => [item.field as ContactField, item.message as ContactProblem]));
}

/** Registers GET and POST /mina-sidor/profil (login required). */
export function registerProfileRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Querystring: { sparat?: string } }>(PROFILE_PATH, async (request, reply) => {
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
  });

  app.post(PROFILE_PATH, async (request, reply) => {
    const resident = requireResident(request, 'none');
    const values = formValues(request.body);
    try {
      await services.profile.updateContact(resident.personId, contactInput(values));
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
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
  });
}
