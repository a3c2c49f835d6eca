/** Staff administration: the list, the add/change form and each person's units. */
import { translator } from '../../../platform/i18n/i18n.ts';
import { formatPersonalIdentityNumber } from '../../../platform/identity/model.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { adminMessages } from '../messages.ts';
import { STAFF_ROLES, type StaffActor } from '../model.ts';
import type { Organisation } from '../service.ts';
import { AdminPage, adminBase, fieldError, type RefusedForm, typedValue } from './admin-page.tsx';

type StaffRow = Organisation['staff'][number];

export interface StaffViewProps {
  ctx: PageContext;
  actor: StaffActor;
  organisation: Organisation;
  /** The staff member whose details prefill the form (`?andra=<staffId>`). */
  editing?: StaffRow;
  notice?: string;
  refused?: RefusedForm;
}

const STAFF_FIELDS = ['personalIdentityNumber', 'givenName', 'familyName', 'role'];

/** Input ids of the staff form equal its field names. */
export function staffInputId(_refused: RefusedForm, field: string): string {
  return STAFF_FIELDS.includes(field) ? field : 'personalIdentityNumber';
}

const fullName = (member: StaffRow) => `${member.givenName} ${member.familyName}`;

function StaffTable({ ctx, organisation }: StaffViewProps) {
  const t = translator(adminMessages, ctx.lang);
  if (organisation.staff.length === 0) return <p>{t('noStaff')}</p>;
  const unitName = new Map(organisation.units.map((unit) => [unit.id, unit.name]));
  return (
    <div class="table-scroll">
      <table class="data">
        <caption class="visually-hidden">{t('staffCaption')}</caption>
        <thead>
          <tr>
            {(
              ['colName', 'colPersonalIdentityNumber', 'colRole', 'colActive', 'colUnits', 'colEdit'] as const
            ).map((key) => (
              <th scope="col" key={key}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {organisation.staff.map((member) => (
            <tr key={member.id}>
              <td>{fullName(member)}</td>
              <td>{formatPersonalIdentityNumber(member.personalIdentityNumber)}</td>
              <td>{t(`role_${member.role}`)}</td>
              <td>{member.active ? t('yes') : t('no')}</td>
              <td>{member.unitIds.map((id) => unitName.get(id) ?? id).join(', ') || '–'}</td>
              <td>
                <a href={`${adminBase(ctx)}/personal?andra=${member.id}#staff-form`}>
                  {t('colEdit')}
                  <span class="visually-hidden"> {fullName(member)}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the form shows: what was typed when refused, else the person being changed, else defaults. */
function formValues({ refused, editing }: StaffViewProps) {
  if (refused?.form === 'staff') {
    const typed = (name: string) => typedValue(refused, 'staff', name) ?? '';
    return {
      personalIdentityNumber: typed('personalIdentityNumber'),
      givenName: typed('givenName'),
      familyName: typed('familyName'),
      role: typed('role'),
      active: typed('active') === 'ja',
    };
  }
  return {
    personalIdentityNumber: editing ? formatPersonalIdentityNumber(editing.personalIdentityNumber) : '',
    givenName: editing?.givenName ?? '',
    familyName: editing?.familyName ?? '',
    role: editing?.role ?? 'officer',
    active: editing?.active ?? true,
  };
}

function StaffForm(props: StaffViewProps) {
  const { ctx, refused } = props;
  const t = translator(adminMessages, ctx.lang);
  const values = formValues(props);
  const error = (field: string) => fieldError(refused, 'staff', field, ctx.lang);
  return (
    <PostForm action={`${adminBase(ctx)}/personal`} csrfToken={ctx.csrfToken}>
      <TextInput
        id="personalIdentityNumber"
        label={t('personalIdentityNumber')}
        hint={t('personalIdentityNumberHint')}
        value={values.personalIdentityNumber}
        error={error('personalIdentityNumber')}
        lang={ctx.lang}
      />
      <TextInput
        id="givenName"
        label={t('givenName')}
        value={values.givenName}
        error={error('givenName')}
        lang={ctx.lang}
        autocomplete="off"
      />
      <TextInput
        id="familyName"
        label={t('familyName')}
        value={values.familyName}
        error={error('familyName')}
        lang={ctx.lang}
        autocomplete="off"
      />
      <Select
        id="role"
        label={t('role')}
        value={values.role}
        error={error('role')}
        options={STAFF_ROLES.map((role) => [role, t(`role_${role}`)] as [string, string])}
        lang={ctx.lang}
      />
      <div class="field">
        <input type="checkbox" id="active" name="active" value="ja" checked={values.active} />
        <label for="active" class="inline-label">
          {t('active')}
        </label>
      </div>
      <button type="submit" class="button">
        {t('saveStaffButton')}
      </button>
    </PostForm>
  );
}

function MembershipForm({ ctx, organisation, member }: StaffViewProps & { member: StaffRow }) {
  const t = translator(adminMessages, ctx.lang);
  return (
    <PostForm
      action={`${adminBase(ctx)}/personal/${member.id}/enheter`}
      csrfToken={ctx.csrfToken}
      class="panel"
    >
      <fieldset>
        <legend>{t('membershipLegend', { name: fullName(member) })}</legend>
        {organisation.units.map((unit) => {
          const id = `units-${member.id}-${unit.id}`;
          return (
            <div class="field" key={unit.id}>
              <input
                type="checkbox"
                id={id}
                name="unitIds"
                value={unit.id}
                checked={member.unitIds.includes(unit.id)}
              />
              <label for={id} class="inline-label">
                {unit.name}
              </label>
            </div>
          );
        })}
      </fieldset>
      <button type="submit" class="button">
        {t('membershipButton', { name: fullName(member) })}
      </button>
    </PostForm>
  );
}

/** The staff page. */
export function StaffView(props: StaffViewProps) {
  const { ctx, organisation } = props;
  const t = translator(adminMessages, ctx.lang);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={t('staffTitle')}
      section="staff"
      notice={props.notice}
      refused={props.refused}
      inputId={staffInputId}
    >
      <p>{t('staffIntro')}</p>
      <StaffTable {...props} />
      <h2 id="staff-form">{t('saveStaffTitle')}</h2>
      <p>{t('saveStaffIntro')}</p>
      <StaffForm {...props} />
      <h2>{t('membershipTitle')}</h2>
      {organisation.units.length === 0 ? (
        <p>{t('noUnitsToJoin')}</p>
      ) : (
        organisation.staff.map((member) => <MembershipForm key={member.id} {...props} member={member} />)
      )}
    </AdminPage>
  );
}
