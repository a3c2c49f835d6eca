/**
 * A plain-language explanation of an evaluation from the matched rows' annotations (issue #10):
 * "Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6". Pure.
 */
import type { MatchedRule, TableTrace } from './decision-table.ts';
import type { EvaluationResult } from './evaluate.ts';

export type Language = 'sv' | 'en';

/** Whether an annotation column is written in a language: `sv`, `Förklaring (sv)`, `reason_en`, … */
function columnIsIn(name: string, lang: Language): boolean {
  return new RegExp(`(^|[\\s(\\[_-])${lang}([\\s)\\]_-]|$)`, 'i').test(name.trim());
}

/** The annotation of a matched row in the wanted language, else the first non-empty one. */
function annotationOf(rule: MatchedRule, lang: Language): string {
  const entries = Object.entries(rule.annotations).filter(([, text]) => text.trim());
  const other: Language = lang === 'sv' ? 'en' : 'sv';
  const inLang = entries.find(([name]) => columnIsIn(name, lang));
  const neutral = entries.find(([name]) => !columnIsIn(name, other));
  return (inLang ?? neutral ?? entries[0])?.[1].trim() ?? '';
}

// Made once: toLocaleString builds a new Intl formatter on every call (a simulation explains thousands).
const NUMBER_FORMATS: Record<Language, Intl.NumberFormat> = {
  sv: new Intl.NumberFormat('sv-SE'),
  en: new Intl.NumberFormat('en-GB'),
};

function format(value: unknown, lang: Language): string {
  if (typeof value === 'number') return NUMBER_FORMATS[lang].format(value);
  if (typeof value === 'boolean') return lang === 'sv' ? (value ? 'ja' : 'nej') : value ? 'yes' : 'no';
  if (value === null || value === undefined) return '–';
  return String(value);
}

/** Follows a dotted path (`Avståndsgräns.gräns`) into a context value. */
function pathValue(root: Record<string, unknown>, path: string): { found: boolean; value?: unknown } {
  const [head = '', ...rest] = path.split('.');
  if (!Object.hasOwn(root, head)) return { found: false };
  let value = root[head];
  for (const key of rest) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return { found: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

/**
 * Replaces `{name}` with the table's input value named by label or expression, or with an input
 * data or decision value (`{decision.entry}` reaches into a context).
 */
function fill(text: string, trace: TableTrace, known: Record<string, unknown>, lang: Language): string {
  return text.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const input = trace.inputs.find((candidate) => candidate.label === name || candidate.expression === name);
    if (input) return format(input.value, lang);
    const found = pathValue(known, name.trim());
    return found.found ? format(found.value, lang) : whole;
  });
}

/**
 * Joins the annotations of the rows that made the result, in evaluation order (required decisions
 * first), with `{input}` placeholders filled in. Swedish unless `lang` is `en`.
 */
export function explain(result: EvaluationResult, lang: Language = 'sv'): string {
  const known = { ...result.inputs, ...result.decisions };
  const sentences = result.tables.flatMap((trace) =>
    trace.matched.map((rule) => fill(annotationOf(rule, lang), trace, known, lang)),
  );
  const unique = [...new Set(sentences.map((s) => s.replace(/[.\s]+$/, '')).filter(Boolean))];
  return unique.join('. ');
}
