/** One component per field type. Input ids equal the names the engine links errors to. */
import type { ComponentChildren } from 'preact';
import { type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import type {
  AddressValue,
  AnswerValue,
  CheckboxesField,
  ChoiceField,
  Field,
  FileField,
  FileRef,
  LocationValue,
} from '../../forms/definition.ts';
import { formatBytes } from '../../forms/messages.ts';
import { applicationMessages } from '../messages.ts';

export interface FieldProps {
  field: Field;
  value: AnswerValue | undefined;
  /** Error messages by input name. */
  errors: Map<string, string>;
  lang: Language;
  /** Extra hint for a field shown depending on another answer on the same page. */
  conditionalHint?: string;
  /** Base URL of the draft, for file download links. */
  draftUrl: string;
  /** What another module adds to the field (a location field's map), before its inputs. */
  extra?: ComponentChildren;
}

const text = (value: AnswerValue | undefined) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

function LabelText({ field, lang }: { field: Field; lang: Language }) {
  const t = translator(applicationMessages, lang);
  return (
    <>
      {localized(field.label, lang)}
      {!field.required && <span class="muted"> {t('optional')}</span>}
    </>
  );
}

function Hints({ field, props, errorId }: { field: Field; props: FieldProps; errorId?: string }) {
  return (
    <>
      {field.help && (
        <p class="hint" id={`${field.id}-hint`}>
          {localized(field.help, props.lang)}
        </p>
      )}
      {props.conditionalHint && (
        <p class="hint" id={`${field.id}-condition`}>
          {props.conditionalHint}
        </p>
      )}
      {errorId && <ErrorMessage id={errorId} props={props} />}
    </>
  );
}

/** The inline error for one input, if it has one (id `<input id>-error`). */
function ErrorMessage({ id, props }: { id: string; props: FieldProps }) {
  const error = props.errors.get(id);
  if (!error) return null;
  return (
    <p class="error-message" id={`${id}-error`}>
      <span class="visually-hidden">{props.lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
      {error}
    </p>
  );
}

/** One part of a grouped field (an address line, a coordinate): label, its own error, input. */
function PartInput(props: {
  id: string;
  label: string;
  value: string;
  field: FieldProps;
  class?: string;
  autoComplete?: string;
  inputMode?: 'decimal';
}) {
  const hasError = props.field.errors.has(props.id);
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <ErrorMessage id={props.id} props={props.field} />
      <input
        type="text"
        id={props.id}
        name={props.id}
        class={props.class}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        value={props.value}
        aria-describedby={hasError ? `${props.id}-error` : undefined}
      />
    </div>
  );
}

function hintIds(field: Field, props: FieldProps, errorId: string) {
  return describedBy(
    field.help && `${field.id}-hint`,
    props.conditionalHint && `${field.id}-condition`,
    props.errors.has(errorId) && `${errorId}-error`,
  );
}

function Wrapper({ props, children }: { props: FieldProps; children: ComponentChildren }) {
  const hasError = [...props.errors.keys()].some(
    (key) => key === props.field.id || key.startsWith(`${props.field.id}.`),
  );
  return <div class={hasError ? 'field has-error' : 'field'}>{children}</div>;
}

const inputAttributes: Partial<Record<Field['type'], Record<string, string>>> = {
  email: { type: 'email', autoComplete: 'email', spellcheck: 'false' },
  phone: { type: 'tel', autoComplete: 'tel' },
  number: { type: 'text', inputMode: 'decimal', class: 'short' },
  date: { type: 'date', class: 'short' },
  personalIdentityNumber: { type: 'text', inputMode: 'numeric', class: 'short', autoComplete: 'off' },
  text: { type: 'text' },
};

function SingleInput(props: FieldProps) {
  const { field } = props;
  const attributes = inputAttributes[field.type] ?? { type: 'text' };
  const unit = field.type === 'number' && field.unit ? localized(field.unit, props.lang) : undefined;
  return (
    <Wrapper props={props}>
      <label for={field.id}>
        <LabelText field={field} lang={props.lang} />
      </label>
      <Hints field={field} props={props} errorId={field.id} />
      {field.type === 'textarea' ? (
        <textarea id={field.id} name={field.id} rows={6} aria-describedby={hintIds(field, props, field.id)}>
          {text(props.value)}
        </textarea>
      ) : (
        <input
          {...attributes}
          id={field.id}
          name={field.id}
          value={
            field.type === 'number' && typeof props.value === 'number' && props.lang === 'sv'
              ? String(props.value).replace('.', ',')
              : text(props.value)
          }
          aria-describedby={hintIds(field, props, field.id)}
        />
      )}
      {unit && <span> {unit}</span>}
    </Wrapper>
  );
}

function SelectInput(props: FieldProps & { field: ChoiceField }) {
  const { field } = props;
  const t = translator(applicationMessages, props.lang);
  return (
    <Wrapper props={props}>
      <label for={field.id}>
        <LabelText field={field} lang={props.lang} />
      </label>
      <Hints field={field} props={props} errorId={field.id} />
      <select id={field.id} name={field.id} aria-describedby={hintIds(field, props, field.id)}>
        <option value="">{t('choose')}</option>
        {field.options.map((option) => (
          <option value={option.value} selected={props.value === option.value} key={option.value}>
            {localized(option.label, props.lang)}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

/** Radios, checkboxes and yes/no share one fieldset pattern; the first input carries the field id. */
function ChoiceGroup(props: FieldProps & { multiple: boolean; options: { value: string; label: string }[] }) {
  const { field } = props;
  const selected = Array.isArray(props.value) ? (props.value as string[]) : [text(props.value)];
  return (
    <Wrapper props={props}>
      <fieldset aria-describedby={hintIds(field, props, field.id)}>
        <legend>
          <LabelText field={field} lang={props.lang} />
        </legend>
        <Hints field={field} props={props} errorId={field.id} />
        {props.options.map((option, index) => {
          const id = index === 0 ? field.id : `${field.id}-${index}`;
          return (
            <div class="choice" key={option.value}>
              <input
                type={props.multiple ? 'checkbox' : 'radio'}
                id={id}
                name={field.id}
                value={option.value}
                checked={selected.includes(option.value)}
              />
              <label for={id}>{option.label}</label>
            </div>
          );
        })}
      </fieldset>
    </Wrapper>
  );
}

function AddressInput(props: FieldProps) {
  const { field } = props;
  const t = translator(applicationMessages, props.lang);
  const value = (props.value ?? {}) as Partial<AddressValue>;
  const parts = [
    { key: 'street', label: t('street'), autoComplete: 'street-address', class: undefined },
    { key: 'postalCode', label: t('postalCode'), autoComplete: 'postal-code', class: 'short' },
    { key: 'city', label: t('city'), autoComplete: 'address-level2', class: undefined },
  ] as const;
  return (
    <Wrapper props={props}>
      <fieldset aria-describedby={describedBy(field.help && `${field.id}-hint`)}>
        <legend>
          <LabelText field={field} lang={props.lang} />
        </legend>
        <Hints field={field} props={props} />
        <div class="subfields">
          {parts.map((part) => (
            <PartInput
              key={part.key}
              id={`${field.id}.${part.key}`}
              label={part.label}
              value={value[part.key] ?? ''}
              field={props}
              class={part.class}
              autoComplete={part.autoComplete}
            />
          ))}
        </div>
      </fieldset>
    </Wrapper>
  );
}

function LocationInput(props: FieldProps) {
  const { field } = props;
  const t = translator(applicationMessages, props.lang);
  const value = (props.value ?? {}) as Partial<LocationValue>;
  const coordinate = (key: 'latitude' | 'longitude') => (
    <PartInput
      id={`${field.id}.${key}`}
      label={t(key)}
      value={text(value[key])}
      field={props}
      class="short"
      inputMode="decimal"
    />
  );
  const addressId = `${field.id}.address`;
  return (
    <Wrapper props={props}>
      <fieldset>
        <legend>
          <LabelText field={field} lang={props.lang} />
        </legend>
        <Hints field={field} props={props} errorId={field.id} />
        {props.extra}
        <label for={addressId}>{t('locationAddress')}</label>
        <p class="hint" id={`${addressId}-hint`}>
          {t('locationAddressHint')}
        </p>
        <ErrorMessage id={addressId} props={props} />
        <input
          type="text"
          id={addressId}
          name={addressId}
          value={value.address ?? ''}
          aria-describedby={describedBy(
            field.help && `${field.id}-hint`,
            props.conditionalHint && `${field.id}-condition`,
            `${addressId}-hint`,
            props.errors.has(field.id) && `${field.id}-error`,
            props.errors.has(addressId) && `${addressId}-error`,
          )}
        />
        {/* Open when coordinates were given or refused, so their values and errors are in view. */}
        <details
          open={
            value.latitude !== undefined ||
            value.longitude !== undefined ||
            props.errors.has(`${field.id}.latitude`) ||
            props.errors.has(`${field.id}.longitude`)
          }
        >
          <summary>{t('coordinates')}</summary>
          <div class="subfields">
            {coordinate('latitude')}
            {coordinate('longitude')}
          </div>
        </details>
      </fieldset>
    </Wrapper>
  );
}

function FileInput(props: FieldProps & { field: FileField }) {
  const { field } = props;
  const t = translator(applicationMessages, props.lang);
  const files = Array.isArray(props.value) ? (props.value as FileRef[]) : [];
  const types = field.accept.map((type) => type.split('/')[1]?.toUpperCase() ?? type).join(', ');
  return (
    <Wrapper props={props}>
      <label for={field.id}>
        <LabelText field={field} lang={props.lang} />
      </label>
      <Hints field={field} props={props} errorId={field.id} />
      <p class="hint" id={`${field.id}-types`}>
        {t('fileHint', { types, size: formatBytes(field.maxSizeBytes, props.lang) })}
        {field.maxFiles && field.maxFiles > 1 ? ` ${t('fileMax', { count: field.maxFiles })}` : ''}
      </p>
      {files.length > 0 && (
        <ul aria-label={t('uploadedFiles')}>
          {files.map((file) => (
            <li key={file.attachmentId}>
              <a href={`${props.draftUrl}/bilagor/${file.attachmentId}`}>{file.filename}</a> (
              {formatBytes(file.sizeBytes, props.lang)}){' '}
              <button type="submit" class="link-button" name="action" value={`remove:${file.attachmentId}`}>
                {t('removeFile', { name: file.filename })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        type="file"
        id={field.id}
        name={field.id}
        accept={field.accept.join(',')}
        multiple={(field.maxFiles ?? 1) > 1}
        aria-describedby={describedBy(`${field.id}-types`, hintIds(field, props, field.id))}
      />
    </Wrapper>
  );
}

/** Renders any field by its type. */
export function FormField(props: FieldProps) {
  const { field, lang } = props;
  const t = translator(applicationMessages, lang);
  switch (field.type) {
    case 'select':
      return <SelectInput {...props} field={field} />;
    case 'radio':
    case 'checkboxes':
      return (
        <ChoiceGroup
          {...props}
          multiple={field.type === 'checkboxes'}
          options={(field as ChoiceField | CheckboxesField).options.map((o) => ({
            value: o.value,
            label: localized(o.label, lang),
          }))}
        />
      );
    case 'yesNo':
      return (
        <ChoiceGroup
          {...props}
          value={props.value === true ? 'yes' : props.value === false ? 'no' : props.value}
          multiple={false}
          options={[
            { value: 'yes', label: t('yes') },
            { value: 'no', label: t('no') },
          ]}
        />
      );
    case 'address':
      return <AddressInput {...props} />;
    case 'location':
      return <LocationInput {...props} />;
    case 'file':
      return <FileInput {...props} field={field} />;
    default:
      return <SingleInput {...props} />;
  }
}
