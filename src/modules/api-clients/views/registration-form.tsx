/**
 * The registration form of the API client pages (issue #12): the system's name, a fieldset of
 * scopes and a fieldset of the units and e-services whose cases it reaches, each with its error
 * next to it and what was typed and checked kept when the form is refused.
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { FieldGroup, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { apiClientMessages, registrationErrorKey, scopeKey } from '../messages.ts';
import { API_SCOPES } from '../model.ts';

/** What the form offers: the tenant's units and e-services, by id with their names. */
export interface ReachChoices {
  units: { id: string; name: string }[];
  services: { serviceId: string; title: string }[];
}

/** A refused registration: its field errors (codes) and what was typed and checked. */
export interface RefusedRegistration {
  errors: { field: string; message: string }[];
  values: { name: string; scopes: string[]; unitIds: string[]; serviceIds: string[] };
}

const t = (ctx: PageContext) => translator(apiClientMessages, ctx.lang);

/** Checkboxes of one name; the first has `firstId` (where the error summary links), the rest `prefix-n`. */
function Checkboxes(props: {
  prefix: string;
  firstId?: string;
  name: string;
  options: [string, string][];
  checked: string[];
}) {
  return (
    <>
      {props.options.map(([value, label], index) => {
        const id = index === 0 && props.firstId ? props.firstId : `${props.prefix}-${index}`;
        return (
          <div class="choice" key={value}>
            <input
              type="checkbox"
              id={id}
              name={props.name}
              value={value}
              checked={props.checked.includes(value)}
            />
            <label for={id}>{label}</label>
          </div>
        );
      })}
    </>
  );
}

/** The input the error summary moves to for a refused field (the first checkbox of a group). */
export function inputIdOf(field: string, choices: ReachChoices): string {
  if (field === 'scopes') return 'scopes';
  if (field === 'reach')
    return choices.units.length > 0 || choices.services.length > 0 ? 'reach' : 'reach-group';
  return 'name';
}

function ReachFieldset(props: {
  ctx: PageContext;
  choices: ReachChoices;
  error?: string;
  refused?: RefusedRegistration;
}) {
  const { ctx, choices } = props;
  const tr = t(ctx);
  const units = choices.units.map((unit): [string, string] => [unit.id, unit.name]);
  const services = choices.services.map((service): [string, string] => [service.serviceId, service.title]);
  return (
    <FieldGroup
      lang={ctx.lang}
      id="reach"
      legend={tr('reachLegend')}
      hint={tr('reachHint')}
      error={props.error}
    >
      <div class="field">
        <fieldset>
          <legend>{tr('unitsLegend')}</legend>
          {units.length === 0 && <p>{tr('unitsNone')}</p>}
          <Checkboxes
            prefix="unit"
            firstId="reach"
            name="unitIds"
            options={units}
            checked={props.refused?.values.unitIds ?? []}
          />
        </fieldset>
      </div>
      <fieldset>
        <legend>{tr('servicesLegend')}</legend>
        {services.length === 0 && <p>{tr('servicesNone')}</p>}
        <Checkboxes
          prefix="service"
          firstId={units.length === 0 ? 'reach' : undefined}
          name="serviceIds"
          options={services}
          checked={props.refused?.values.serviceIds ?? []}
        />
      </fieldset>
    </FieldGroup>
  );
}

/** The form; `action` is where it posts. */
export function RegistrationForm(props: {
  ctx: PageContext;
  action: string;
  choices: ReachChoices;
  refused?: RefusedRegistration;
}) {
  const { ctx, refused } = props;
  const tr = t(ctx);
  const error = (field: string) => {
    const found = refused?.errors.find((candidate) => candidate.field === field);
    return found ? tr(registrationErrorKey(found.message)) : undefined;
  };
  const scopes = API_SCOPES.map((scope): [string, string] => [scope, tr(scopeKey(scope))]);
  return (
    <PostForm action={props.action} csrfToken={ctx.csrfToken}>
      <TextInput
        id="name"
        label={tr('name')}
        hint={tr('nameHint')}
        error={error('name')}
        value={refused?.values.name}
        lang={ctx.lang}
      />
      <FieldGroup
        lang={ctx.lang}
        id="scopes"
        legend={tr('scopesLegend')}
        hint={tr('scopesHint')}
        error={error('scopes')}
      >
        <Checkboxes
          prefix="scopes"
          firstId="scopes"
          name="scopes"
          options={scopes}
          checked={refused?.values.scopes ?? []}
        />
      </FieldGroup>
      <ReachFieldset ctx={ctx} choices={props.choices} error={error('reach')} refused={refused} />
      <button type="submit" class="button">
        {tr('create')}
      </button>
    </PostForm>
  );
}
