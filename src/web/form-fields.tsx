/** Plain form fields for back-office and other non-definition forms: label, hint, inline error. */
import type { ComponentChildren } from 'preact';
import type { Language } from '../platform/i18n/i18n.ts';

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  lang: Language;
  children: ComponentChildren;
}

/** Describes an input by its hint and error, in that order. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function FieldShell({ id, label, hint, error, lang, children }: FieldShellProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/**
 * A group of inputs (checkboxes, radio buttons) under a legend, with its hint and inline error, the
 * fieldset described by both. The fieldset's id is `{id}-group`.
 */
export function FieldGroup(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  lang: Language;
  children: ComponentChildren;
}) {
  const { id, hint, error } = props;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset id={`${id}-group`} aria-describedby={describedBy(id, hint, error)}>
        <legend>{props.legend}</legend>
        {hint && (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {error && (
          <p class="error-message" id={`${id}-error`}>
            <span class="visually-hidden">{props.lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
            {error}
          </p>
        )}
        {props.children}
      </fieldset>
    </div>
  );
}

export interface InputProps {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  lang: Language;
  type?: 'text' | 'date' | 'search' | 'email';
  autocomplete?: string;
}

/** A labelled single-line input. */
export function TextInput(props: InputProps) {
  return (
    <FieldShell {...props}>
      <input
        // Preact types `type` as a discriminated union; every value here is a text-like input.
        type={(props.type ?? 'text') as 'text'}
        id={props.id}
        name={props.name ?? props.id}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
      />
    </FieldShell>
  );
}

/** A labelled multi-line input. */
export function TextArea(props: InputProps & { rows?: number }) {
  return (
    <FieldShell {...props}>
      <textarea
        id={props.id}
        name={props.name ?? props.id}
        rows={props.rows ?? 4}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

/** A labelled select; `options` are [value, text] pairs. */
export function Select(props: InputProps & { options: [string, string][] }) {
  return (
    <FieldShell {...props}>
      <select
        id={props.id}
        name={props.name ?? props.id}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
