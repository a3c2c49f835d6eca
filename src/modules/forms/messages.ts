/**
 * Error messages for the form engine, in plain Swedish and English (GOV.UK style: say what to do, name the
 * thing, give an example). Messages weave in the field label; labels written as questions ("Har barnet
 * syskon?") cannot be embedded after a verb, so those get a quoted or generic wording instead.
 */
import type { Field, LocalizedText, NumberField } from './definition.ts';

type Lang = keyof LocalizedText;

function both(make: (lang: Lang) => string): LocalizedText {
  return { sv: make('sv'), en: make('en') };
}

function isQuestion(label: string): boolean {
  return label.trim().endsWith('?');
}

// Lower-cases "Barnets namn" to "barnets namn" but leaves acronyms such as "IBAN" or "CO2-utsläpp" alone.
function lowerFirst(text: string): string {
  return /^\p{Lu}(?!\p{Lu})/u.test(text) && !/^\p{Lu}\d/u.test(text)
    ? text[0]?.toLowerCase() + text.slice(1)
    : text;
}

/** The label as the subject of a sentence: "Barnets födelsedatum måste …" or, for questions, "Svaret måste …". */
function subject(field: Field, lang: Lang): string {
  const label = field.label[lang];
  if (!isQuestion(label)) return label;
  return lang === 'sv' ? 'Svaret' : 'The answer';
}

function quoted(field: Field, lang: Lang): string {
  return lang === 'sv' ? `”${field.label.sv}”` : `“${field.label.en}”`;
}

/** Writes a number the resident's way: decimal comma in Swedish, followed by the unit if any. */
export function formatNumber(value: number, lang: Lang, unit?: LocalizedText): string {
  const text = lang === 'sv' ? String(value).replace('.', ',') : String(value);
  return unit ? `${text} ${unit[lang]}` : text;
}

/**
 * The message for a missing required answer: the definition's own wording when it gives one (best:
 * "Ange barnets personnummer"), else a wording that is grammatical whatever the label looks like
 * (a label may be a noun, a question or an instruction such as "Beskriv felet").
 */
export function requiredMessage(field: Field): LocalizedText {
  if (field.requiredMessage) return field.requiredMessage;
  if (field.type === 'yesNo') {
    return {
      sv: `Välj ja eller nej för ${quoted(field, 'sv')}`,
      en: `Select yes or no for ${quoted(field, 'en')}`,
    };
  }
  if (isQuestion(field.label.sv)) {
    return { sv: `Svara på frågan ${quoted(field, 'sv')}`, en: `Answer the question ${quoted(field, 'en')}` };
  }
  if (['select', 'radio', 'checkboxes'].includes(field.type)) {
    return {
      sv: `Välj ett svar för ${quoted(field, 'sv')}`,
      en: `Select an answer for ${quoted(field, 'en')}`,
    };
  }
  if (field.type === 'file') {
    return {
      sv: `Ladda upp en fil för ${quoted(field, 'sv')}`,
      en: `Upload a file for ${quoted(field, 'en')}`,
    };
  }
  if (field.type === 'address') {
    return {
      sv: `Fyll i adressen för ${quoted(field, 'sv')}`,
      en: `Enter the address for ${quoted(field, 'en')}`,
    };
  }
  return { sv: `Fyll i ${quoted(field, 'sv')}`, en: `Fill in ${quoted(field, 'en')}` };
}

/** Coordinates outside the municipality's area (issue #11), with what to do about it. */
export function outsideAreaMessage(areaName: string): LocalizedText {
  return {
    sv: `Platsen ligger utanför ${areaName}. Kontrollera latitud och longitud, eller ta bort dem och beskriv platsen med en adress.`,
    en: `The place is outside ${areaName}. Check the latitude and longitude, or remove them and describe the place with an address.`,
  };
}

/** Error texts that do not depend on the field. */
export const FIXED_MESSAGES = {
  street: { sv: 'Ange gatuadress', en: 'Enter the street address' },
  postalCode: { sv: 'Ange postnummer', en: 'Enter the postcode' },
  city: { sv: 'Ange postort', en: 'Enter the town or city' },
  postalCodeFormat: {
    sv: 'Ange postnumret med fem siffror, till exempel 123 45',
    en: 'Enter the postcode as five digits, like 123 45',
  },
  email: {
    sv: 'Ange en e-postadress i rätt format, till exempel namn@exempel.se',
    en: 'Enter an email address in the correct format, like name@example.com',
  },
  phone: {
    sv: 'Ange ett svenskt telefonnummer, till exempel 070-123 45 67 eller +46 70 123 45 67',
    en: 'Enter a Swedish telephone number, like 070 123 45 67 or +46 70 123 45 67',
  },
  personalIdentityNumberFormat: {
    sv: 'Ange personnumret med 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-NNNN',
    en: 'Enter the personal identity number with 10 or 12 digits, like YYYYMMDD-NNNN',
  },
  personalIdentityNumberInvalid: {
    sv: 'Personnumret är inte giltigt. Kontrollera siffrorna.',
    en: 'The personal identity number is not valid. Check the digits.',
  },
  latitude: { sv: 'Latituden måste vara mellan -90 och 90', en: 'Latitude must be between -90 and 90' },
  longitude: {
    sv: 'Longituden måste vara mellan -180 och 180',
    en: 'Longitude must be between -180 and 180',
  },
  coordinatePair: {
    sv: 'Ange både latitud och longitud, eller ingen av dem',
    en: 'Enter both latitude and longitude, or neither',
  },
} satisfies Record<string, LocalizedText>;

/** Messages that name the field. */
export const fieldMessages = {
  notFilledInCorrectly: (f: Field) =>
    both((l) =>
      l === 'sv' ? `${subject(f, l)} är inte rätt ifyllt` : `${subject(f, l)} is not filled in correctly`,
    ),
  tooShort: (f: Field, n: number) =>
    both((l) =>
      l === 'sv'
        ? `${subject(f, l)} måste ha minst ${n} tecken`
        : `${subject(f, l)} must be ${n} characters or more`,
    ),
  tooLong: (f: Field, n: number) =>
    both((l) =>
      l === 'sv'
        ? `${subject(f, l)} får ha högst ${n} tecken`
        : `${subject(f, l)} must be ${n} characters or fewer`,
    ),
  pattern: (f: Field) =>
    both((l) =>
      l === 'sv' ? `${subject(f, l)} har inte rätt format` : `${subject(f, l)} is not in the correct format`,
    ),
  notANumber: (f: Field) =>
    both((l) =>
      l === 'sv'
        ? `${subject(f, l)} måste vara ett tal, till exempel 12 eller 12,5`
        : `${subject(f, l)} must be a number, like 12 or 12.5`,
    ),
  notInteger: (f: Field) =>
    both((l) =>
      l === 'sv' ? `${subject(f, l)} måste vara ett heltal` : `${subject(f, l)} must be a whole number`,
    ),
  numberRange: (f: NumberField) => both((l) => numberRangeText(f, l)),
  dateFormat: (f: Field) =>
    both((l) => {
      const what = isQuestion(f.label[l]) ? (l === 'sv' ? 'ett datum' : 'a date') : lowerFirst(f.label[l]);
      return l === 'sv' ? `Ange ${what} i formen ÅÅÅÅ-MM-DD` : `Enter ${what} in the format YYYY-MM-DD`;
    }),
  dateNotReal: (f: Field) =>
    both((l) =>
      l === 'sv' ? `${subject(f, l)} måste vara ett datum som finns` : `${subject(f, l)} must be a real date`,
    ),
  dateTooEarly: (f: Field, min: string) => both((l) => dateLimitText(f, l, min, 'min')),
  dateTooLate: (f: Field, max: string) => both((l) => dateLimitText(f, l, max, 'max')),
  invalidOption: (f: Field) =>
    both((l) =>
      l === 'sv'
        ? `Välj bland alternativen för ${quoted(f, l)}`
        : `Select from the options for ${quoted(f, l)}`,
    ),
  tooFewSelected: (f: Field, n: number) =>
    both((l) =>
      l === 'sv'
        ? `Välj minst ${n} alternativ för ${quoted(f, l)}`
        : `Select at least ${n} ${plural(n, 'option')} for ${quoted(f, l)}`,
    ),
  tooManySelected: (f: Field, n: number) =>
    both((l) =>
      l === 'sv'
        ? `Välj högst ${n} alternativ för ${quoted(f, l)}`
        : `Select no more than ${n} ${plural(n, 'option')} for ${quoted(f, l)}`,
    ),
  tooManyFiles: (f: Field, n: number) =>
    both((l) =>
      l === 'sv'
        ? `Du kan ladda upp högst ${n === 1 ? 'en fil' : `${n} filer`} till ${quoted(f, l)}`
        : `You can upload no more than ${n} ${plural(n, 'file')} for ${quoted(f, l)}`,
    ),
  fileTooLarge: (filename: string, maxBytes: number) =>
    both((l) =>
      l === 'sv'
        ? `Filen ”${filename}” är för stor. Den får vara högst ${formatBytes(maxBytes, l)}.`
        : `The file “${filename}” is too large. It must be ${formatBytes(maxBytes, l)} or smaller.`,
    ),
  fileType: (filename: string, accept: string[]) =>
    both((l) =>
      l === 'sv'
        ? `Filen ”${filename}” har ett filformat som inte går att använda. Välj en fil i formatet ${formatList(accept, l)}.`
        : `The file “${filename}” is not a file type we accept. Choose a ${formatList(accept, l)} file.`,
    ),
};

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function numberRangeText(f: NumberField, l: Lang): string {
  const s = subject(f, l);
  const min = f.min === undefined ? '' : formatNumber(f.min, l, f.unit);
  const max = f.max === undefined ? '' : formatNumber(f.max, l, f.unit);
  if (min && max)
    return l === 'sv' ? `${s} måste vara mellan ${min} och ${max}` : `${s} must be between ${min} and ${max}`;
  if (min) return l === 'sv' ? `${s} måste vara ${min} eller mer` : `${s} must be ${min} or more`;
  return l === 'sv' ? `${s} får vara högst ${max}` : `${s} must be ${max} or less`;
}

function dateLimitText(f: Field, l: Lang, limit: string, kind: 'min' | 'max'): string {
  const s = subject(f, l);
  if (limit === 'today') {
    if (kind === 'min')
      return l === 'sv' ? `${s} måste vara i dag eller senare` : `${s} must be today or in the future`;
    return l === 'sv' ? `${s} måste vara i dag eller tidigare` : `${s} must be today or in the past`;
  }
  if (kind === 'min')
    return l === 'sv' ? `${s} måste vara ${limit} eller senare` : `${s} must be ${limit} or later`;
  return l === 'sv' ? `${s} måste vara ${limit} eller tidigare` : `${s} must be ${limit} or earlier`;
}

/** "10 MB" / "500 kB", with a decimal comma in Swedish. */
export function formatBytes(bytes: number, lang: Lang): string {
  const [amount, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : [bytes / 1024, 'kB'];
  return formatNumber(Math.round(amount * 10) / 10, lang, { sv: unit, en: unit });
}

const FORMAT_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
  'application/msword': 'DOC',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'text/plain': 'TXT',
};

/** "PDF, JPG eller PNG": residents know file formats by their extension, not by MIME type. */
function formatList(accept: string[], lang: Lang): string {
  const names = [...new Set(accept.map((type) => formatName(type, lang)))];
  if (names.length < 2) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${lang === 'sv' ? 'eller' : 'or'} ${names.at(-1)}`;
}

function formatName(type: string, lang: Lang): string {
  const known = FORMAT_NAMES[type.toLowerCase()];
  if (known) return known;
  if (type === 'image/*') return lang === 'sv' ? 'bild' : 'image';
  return (type.split('/')[1] ?? type).split(/[.+]/).at(-1)?.toUpperCase() ?? type;
}
