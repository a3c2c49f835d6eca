/** The administration overview: units with members and services, which unit handles what, new units. */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { describedBy, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { adminMessages } from '../messages.ts';
import type { StaffActor } from '../model.ts';
import type { Organisation } from '../service.ts';
import { AdminPage, adminBase, fieldError, type RefusedForm, typedValue } from './admin-page.tsx';

/** A live service of the tenant, titled in the page's language. */
export interface ServiceChoice {
  serviceId: string;
  title: string;
}

export interface OrganisationViewProps {
  ctx: PageContext;
  actor: StaffActor;
  organisation: Organisation;
  services: ServiceChoice[];
  notice?: string;
  refused?: RefusedForm;
}

/** Input ids of the overview's forms: `name` (new unit), `name-<unitId>`, `unit-<serviceId>`. */
export function organisationInputId(refused: RefusedForm): string {
  const [form, id] = refused.form.split(':');
  if (form === 'rename') return `name-${id}`;
  if (form === 'service') return `unit-${id}`;
  return 'name';
}

function UnitPanel({ props, unit }: { props: OrganisationViewProps; unit: { id: string; name: string } }) {
  const { ctx, organisation, services, refused } = props;
  const t = translator(adminMessages, ctx.lang);
  const members = organisation.staff.filter((member) => member.unitIds.includes(unit.id));
  const handled = organisation.handling.filter((row) => row.unitId === unit.id).map((row) => row.serviceId);
  const titles = services
    .filter((service) => handled.includes(service.serviceId))
    .map((service) => service.title);
  const form = `rename:${unit.id}`;
  return (
    <div class="panel">
      <h3>{unit.name}</h3>
      <p>
        <strong>{t('members')}:</strong>{' '}
        {members.length > 0
          ? members
              .map((member) => `${member.givenName} ${member.familyName} (${t(`role_${member.role}`)})`)
              .join(', ')
          : t('noMembers')}
      </p>
      <p>
        <strong>{t('handles')}:</strong> {titles.length > 0 ? titles.join(', ') : t('handlesNothing')}
      </p>
      <PostForm action={`${adminBase(ctx)}/enheter/${unit.id}`} csrfToken={ctx.csrfToken} class="filters">
        <TextInput
          id={`name-${unit.id}`}
          name="name"
          label={t('renameLabel', { unit: unit.name })}
          value={typedValue(refused, form, 'name') ?? unit.name}
          error={fieldError(refused, form, 'name', ctx.lang)}
          lang={ctx.lang}
        />
        <div class="field">
          <button type="submit" class="button">
            {t('renameButton')}
            <span class="visually-hidden"> – {unit.name}</span>
          </button>
        </div>
      </PostForm>
    </div>
  );
}

function ServiceRow({ props, service }: { props: OrganisationViewProps; service: ServiceChoice }) {
  const { ctx, organisation, refused } = props;
  const t = translator(adminMessages, ctx.lang);
  const form = `service:${service.serviceId}`;
  const id = `unit-${service.serviceId}`;
  const current = organisation.handling.find((row) => row.serviceId === service.serviceId)?.unitId ?? '';
  const chosen = typedValue(refused, form, 'unitId') ?? current;
  const error = fieldError(refused, form, 'unitId', ctx.lang);
  return (
    <tr>
      <th scope="row">{service.title}</th>
      <td>
        <PostForm action={`${adminBase(ctx)}/tjanster/${service.serviceId}`} csrfToken={ctx.csrfToken}>
          <div class={error ? 'field has-error' : 'field'}>
            <label for={id} class="visually-hidden">
              {t('handledByLabel', { service: service.title })}
            </label>
            {error && (
              <p class="error-message" id={`${id}-error`}>
                <span class="visually-hidden">{ctx.lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
                {error}
              </p>
            )}
            <select
              id={id}
              name="unitId"
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={describedBy(id, undefined, error)}
            >
              {current === '' && <option value="">{t('noUnitChosen')}</option>}
              {organisation.units.map((unit) => (
                <option key={unit.id} value={unit.id} selected={unit.id === chosen}>
                  {unit.name}
                </option>
              ))}
            </select>{' '}
            <button type="submit" class="button">
              {t('moveButton')}
              <span class="visually-hidden"> – {service.title}</span>
            </button>
          </div>
        </PostForm>
      </td>
    </tr>
  );
}

function ServicesTable(props: OrganisationViewProps) {
  const t = translator(adminMessages, props.ctx.lang);
  if (props.services.length === 0) return <p>{t('noServices')}</p>;
  return (
    <div class="table-scroll">
      <table class="data">
        <caption class="visually-hidden">{t('servicesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colService')}</th>
            <th scope="col">{t('colHandledBy')}</th>
          </tr>
        </thead>
        <tbody>
          {props.services.map((service) => (
            <ServiceRow key={service.serviceId} props={props} service={service} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The overview page. */
export function OrganisationView(props: OrganisationViewProps) {
  const { ctx, organisation, refused } = props;
  const t = translator(adminMessages, ctx.lang);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={t('organisationTitle')}
      section="organisation"
      notice={props.notice}
      refused={refused}
      inputId={organisationInputId}
    >
      <p>{t('organisationIntro')}</p>
      <h2>{t('unitsTitle')}</h2>
      {organisation.units.length === 0 && <p>{t('noUnits')}</p>}
      {organisation.units.map((unit) => (
        <UnitPanel key={unit.id} props={props} unit={unit} />
      ))}
      <h2>{t('createUnitTitle')}</h2>
      <PostForm action={`${adminBase(ctx)}/enheter`} csrfToken={ctx.csrfToken}>
        <TextInput
          id="name"
          label={t('unitName')}
          hint={t('unitNameHint')}
          value={typedValue(refused, 'createUnit', 'name')}
          error={fieldError(refused, 'createUnit', 'name', ctx.lang)}
          lang={ctx.lang}
        />
        <button type="submit" class="button">
          {t('createUnitButton')}
        </button>
      </PostForm>
      <h2>{t('servicesTitle')}</h2>
      <p>{t('servicesIntro')}</p>
      <ServicesTable {...props} />
    </AdminPage>
  );
}
