/** Form pieces the coordinator's pages share: checkbox groups with their error, and error lookup. */
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import type { SummaryError } from '../../../web/components.tsx';
import { FieldGroup } from '../../../web/form-fields.tsx';
import { digitalSupportMessages, errorKey, LABELS, type LabelList } from '../messages.ts';

/** A form's values: as saved, or as typed in a refused post. */
export type FormValues = Record<string, string | string[] | undefined>;
export type FieldErrors = { field: string; message: string }[];

/** The first input of a checkbox group (where the summary's link moves focus). */
export const groupInputId = (name: string, list: LabelList) => `${name}-${Object.keys(LABELS[list])[0]}`;

/** Each field error in words, with the field's name in lower case inside the message. */
export function errorTexts(errors: FieldErrors, lang: Language, fieldName: (field: string) => string) {
  const tr = translator(digitalSupportMessages, lang);
  const byField = new Map<string, string>();
  for (const error of errors) {
    if (byField.has(error.field)) continue;
    const name = fieldName(error.field);
    byField.set(
      error.field,
      tr(errorKey(error.message), { field: name.charAt(0).toLowerCase() + name.slice(1) }),
    );
  }
  return byField;
}

/** The summary's entries, linking each message to its input. */
export function summaryOf(messages: Map<string, string>, inputId: (field: string) => string): SummaryError[] {
  return [...messages].map(([field, message]) => ({ href: inputId(field), message }));
}

/** A group of checkboxes for one code list, with its legend, hint and error. */
export function CheckboxGroup(props: {
  name: string;
  list: LabelList;
  legend: string;
  checked: string[];
  error?: string;
  lang: Language;
}) {
  return (
    <FieldGroup id={props.name} legend={props.legend} error={props.error} lang={props.lang}>
      {Object.entries(LABELS[props.list]).map(([code, text]) => (
        <div class="choice" key={code}>
          <input
            type="checkbox"
            id={`${props.name}-${code}`}
            name={props.name}
            value={code}
            checked={props.checked.includes(code)}
          />
          <label for={`${props.name}-${code}`}>{text[props.lang]}</label>
        </div>
      ))}
    </FieldGroup>
  );
}

/** A value as one string (a refused post may repeat a field). */
export const one = (value: string | string[] | undefined) =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
/** A value as a list (a checkbox group). */
export const many = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
