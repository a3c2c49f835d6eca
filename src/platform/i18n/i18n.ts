/** Languages and message lookup. Each module keeps its own catalogue ({ sv, en }) beside its views. */
import type { Language, LocalizedText } from '../../modules/forms/definition.ts';

export type { Language, LocalizedText };

export const LANGUAGES: readonly Language[] = ['sv', 'en'];
export const DEFAULT_LANGUAGE: Language = 'sv';

/** A catalogue: Swedish is the source; English must have exactly the same keys (checked by tsc). */
export type Catalogue<K extends string> = { sv: Record<K, string>; en: Record<K, string> };

/** Defines a catalogue, letting the compiler check that both languages have every key. */
export function defineCatalogue<K extends string>(catalogue: Catalogue<K>): Catalogue<K> {
  return catalogue;
}

/** Is this a language we serve? */
export function isLanguage(value: unknown): value is Language {
  return value === 'sv' || value === 'en';
}

/** Looks up a message and fills `{name}` placeholders. */
export function translate<K extends string>(
  catalogue: Catalogue<K>,
  lang: Language,
  key: K,
  params: Record<string, string | number> = {},
): string {
  const template = catalogue[lang][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    params[name] === undefined ? match : String(params[name]),
  );
}

/** A translator bound to one catalogue and language, for views. */
export function translator<K extends string>(catalogue: Catalogue<K>, lang: Language) {
  return (key: K, params?: Record<string, string | number>) => translate(catalogue, lang, key, params);
}

/** Picks the text of a bilingual definition value. */
export function localized(text: LocalizedText | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] || text.sv;
}

// Formatters are made once: toLocaleString and friends build a new Intl formatter on every call,
// which was the largest single cost of rendering My Pages (issue #4, docs/performance.md).
const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};
const DATE_TIME_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: 'short',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
};

/** Formats a date for residents (Swedish: 2026-11-24, English: 24 November 2026). */
export function formatDate(date: Date | string, lang: Language): string {
  return DATE_FORMATS[lang].format(typeof date === 'string' ? new Date(date) : date);
}

/** Formats a date and time for timelines. */
export function formatDateTime(date: Date | string, lang: Language): string {
  return DATE_TIME_FORMATS[lang].format(typeof date === 'string' ? new Date(date) : date);
}
