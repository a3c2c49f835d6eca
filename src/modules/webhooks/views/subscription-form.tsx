/**
 * The webhook registration form (issue #12): name, endpoint, a fieldset of event types and one of the
 * units and e-services whose cases it covers, each with its error beside it and what was typed and
 * ticked kept when the form is refused.
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { FieldGroup, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { eventKey, subscriptionErrorKey, webhookMessages } from '../messages.ts';
import { WEBHOOK_EVENT_TYPES } from '../model.ts';

/** The tenant's units and e-services, by id with their names. */
export interface ReachChoices {
  units: { id: string; name: string }[];
  services: { serviceId: string; title: string }[];
}

/** A refused subscription: its field errors (codes) and what was typed and ticked. */
export interface RefusedSubscription {
  errors: { field: string; message: string }[];
  values: { name: string; url: string; eventTypes: string[]; unitIds: string[]; serviceIds: string[] };
}

const t = (ctx: PageContext) => translator(webhookMessages, ctx.lang);

/** The input the error summary links to for a refused field (the first checkbox of a group). */
export function inputIdOf(field: string, choices: ReachChoices): string {
  if (field === 'eventTypes') return 'eventTypes';
  if (field === 'reach') return choices.units.length + choices.services.length > 0 ? 'reach' : 'reach-group';
  return field === 'url' ? 'url' : 'name';
}

/** Checkboxes of one name; the first gets `firstId` (where the summary links), the rest `prefix-n`. */
function Boxes(props: {
  prefix: string;
  firstId?: string;
  name: string;
  options: [string, string][];
  checked: readonly string[];
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

/** The form; `action` is where it posts. */
export function SubscriptionForm(props: {
  ctx: PageContext;
  action: string;
  choices: ReachChoices;
  refused?: RefusedSubscription;
}) {
  const { ctx, choices, refused } = props;
  const tr = t(ctx);
  const error = (field: string) => {
    const found = refused?.errors.find((candidate) => candidate.field === field);
    return found ? tr(subscriptionErrorKey(found.message)) : undefined;
  };
  const values = refused?.values;
  const units = choices.units.map((unit): [string, string] => [unit.id, unit.name]);
  const services = choices.services.map((service): [string, string] => [service.serviceId, service.title]);
  return (
    <PostForm action={props.action} csrfToken={ctx.csrfToken}>
      <TextInput
        id="name"
        label={tr('name')}
        hint={tr('nameHint')}
        error={error('name')}
        value={values?.name}
        lang={ctx.lang}
      />
      <TextInput
        id="url"
        label={tr('url')}
        hint={tr('urlHint')}
        error={error('url')}
        value={values?.url}
        lang={ctx.lang}
      />
      <FieldGroup
        lang={ctx.lang}
        id="eventTypes"
        legend={tr('eventsLegend')}
        hint={tr('eventsHint')}
        error={error('eventTypes')}
      >
        <Boxes
          prefix="eventTypes"
          firstId="eventTypes"
          name="eventTypes"
          options={WEBHOOK_EVENT_TYPES.map((type): [string, string] => [type, tr(eventKey(type))])}
          checked={values?.eventTypes ?? []}
        />
      </FieldGroup>
      <FieldGroup
        lang={ctx.lang}
        id="reach"
        legend={tr('reachLegend')}
        hint={tr('reachHint')}
        error={error('reach')}
      >
        <div class="field">
          <fieldset>
            <legend>{tr('unitsLegend')}</legend>
            {units.length === 0 && <p>{tr('unitsNone')}</p>}
            <Boxes
              prefix="unit"
              firstId="reach"
              name="unitIds"
              options={units}
              checked={values?.unitIds ?? []}
            />
          </fieldset>
        </div>
        <fieldset>
          <legend>{tr('servicesLegend')}</legend>
          {services.length === 0 && <p>{tr('servicesNone')}</p>}
          <Boxes
            prefix="service"
            firstId={units.length === 0 ? 'reach' : undefined}
            name="serviceIds"
            options={services}
            checked={values?.serviceIds ?? []}
          />
        </fieldset>
      </FieldGroup>
      <button type="submit" class="button">
        {tr('create')}
      </button>
    </PostForm>
  );
}
