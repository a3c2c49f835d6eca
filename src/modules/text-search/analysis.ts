/**
 * Analysis of Swedish text for ranking (issue #13): word tokens, stop words, word forms (the
 * dictionary's base form, then Snowball's Swedish stem), compound parts and character n-grams.
 * Pure apart from the dictionary that `lexicon.ts` reads once from node_modules.
 */
import { stemmer } from '@orama/stemmers/swedish';
import { compoundParts, lemma } from './lexicon.ts';

/** Lower-cased word tokens (letters and digits; Swedish å, ä, ö kept). */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Swedish function words: pronouns, articles, prepositions, conjunctions, auxiliaries and question
 * words. Deliberately short: the lists that ship with stop-word packages also drop content words
 * that matter in a municipality's answers (`beslut`, `dag`, `nummer`, `bra`).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `alla allt att av bara bli blir blev blivit de dem den denna dess dessa det detta dig din dina
  ditt du där då efter eller en er era ert ett från för ha hade han hans har henne hennes hon
  honom hur här i icke ingen inom inte jag ju kan kunde man med mellan men mig min mina mitt mot
  ni nu när någon något några och om oss på samma sedan sig sin sina sitt ska skall skulle som så
  sådan sådana sådant till under upp ut utan vad var vara varför varit varje vars vem vi vid
  vilka vilken vilket vår våra vårt än är åt över också även eftersom dock får få fick kunna behöver behöva gäller finns göra gör`.split(
    /\s+/,
  ),
);

/** The comparable form of one word: Snowball's stem of its dictionary form. */
export function stemOf(word: string): string {
  return stemmer(lemma(word) ?? word);
}

const termCache = new Map<string, { stem: string; parts: string[] }>();

/** A word's stem and, for a compound, its parts' stems (`dricksvattnet` → drick, vatten). */
export function wordTerms(word: string): { stem: string; parts: string[] } {
  const cached = termCache.get(word);
  if (cached) return cached;
  const stem = stemOf(word);
  const parts = (word.length >= 6 ? compoundParts(word) : undefined)?.map((part) => stemmer(part)) ?? [];
  const result = { stem, parts: parts.filter((part) => part.length >= 3 && part !== stem) };
  if (termCache.size > 50_000) termCache.clear();
  termCache.set(word, result);
  return result;
}

/** How much a compound's part counts against the whole word. */
export const PART_WEIGHT = 0.5;

/** Weighted terms of a text: stems of its content words and, at half weight, compound parts. */
export function terms(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const token of tokenize(text)) {
    if (STOP_WORDS.has(token)) continue;
    const { stem, parts } = wordTerms(token);
    bag.set(stem, (bag.get(stem) ?? 0) + 1);
    for (const part of parts) bag.set(part, (bag.get(part) ?? 0) + PART_WEIGHT);
  }
  return bag;
}

/** Character n-grams of the content words, each word padded with a space on both sides. */
export function charGrams(text: string, n: number): Map<string, number> {
  const grams = new Map<string, number>();
  for (const token of tokenize(text)) {
    if (STOP_WORDS.has(token)) continue;
    const padded = ` ${token} `;
    if (padded.length < n) {
      grams.set(padded, (grams.get(padded) ?? 0) + 1);
      continue;
    }
    for (let index = 0; index + n <= padded.length; index += 1) {
      const gram = padded.slice(index, index + n);
      grams.set(gram, (grams.get(gram) ?? 0) + 1);
    }
  }
  return grams;
}

/**
 * The query with synonyms added: every listed word or phrase found in it (as whole words) brings
 * its alternatives along.
 */
export function expandSynonyms(query: string, synonyms: Record<string, string[]> | undefined): string {
  if (!synonyms) return query;
  const words = ` ${tokenize(query).join(' ')} `;
  const stems = new Set(tokenize(query).map(stemOf));
  const extra: string[] = [];
  for (const [term, alternatives] of Object.entries(synonyms)) {
    const phrase = tokenize(term);
    if (phrase.length === 0) continue;
    const present =
      words.includes(` ${phrase.join(' ')} `) ||
      (phrase.length === 1 && stems.has(stemOf(phrase[0] as string)));
    if (present) extra.push(...alternatives);
  }
  return extra.length > 0 ? `${query} ${extra.join(' ')}` : query;
}
