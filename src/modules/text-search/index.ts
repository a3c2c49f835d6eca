/**
 * Ranking short Swedish texts (issue #13): the knowledge base's answers and the plain-language
 * routing to e-services both rank stored documents against a question in the resident's own words.
 * Pure: no database, no I/O, nothing downloaded at run time. This is the module's public surface;
 * the techniques behind it live in the module's other files.
 */
import { expandSynonyms, STOP_WORDS, tokenize } from './analysis.ts';
import { featureRows, LEXICAL_FEATURES } from './features.ts';
import { combinedScore } from './ranker.ts';

export { STOP_WORDS, stemOf, terms, tokenize, wordTerms } from './analysis.ts';
export { compoundParts, lemma, warmUp } from './lexicon.ts';

/** A document to rank: weighted text fields (e.g. a question ×2, its answer ×1). */
export interface SearchDocument {
  id: string;
  fields: { text: string; weight?: number }[];
}

/** One ranked document; `score` is in [0, 1], higher is better. */
export interface Ranked {
  id: string;
  score: number;
}

export interface RankOptions {
  /** Admin-maintained synonyms: a word or phrase → words that mean the same here. */
  synonyms?: Record<string, string[]>;
}

/**
 * Ranks the documents against the query, best first: the learned combination of `ranker.ts` over
 * the features of `features.ts` (character 3- and 5-grams, stems of dictionary forms and compound
 * parts, stop words left out, document frequencies over the documents given), after adding the
 * query's synonyms. Documents that share no word or letter sequence with the query are left out; an
 * empty query (or one of stop words only) ranks nothing.
 */
export function rankDocuments(
  query: string,
  documents: SearchDocument[],
  options: RankOptions = {},
): Ranked[] {
  const expanded = expandSynonyms(query, options.synonyms);
  if (tokenize(expanded).every((token) => STOP_WORDS.has(token)) || documents.length === 0) return [];
  const rows = featureRows(
    expanded,
    documents.map((document) => document.fields),
  );
  const ranked: Ranked[] = [];
  documents.forEach((document, index) => {
    const row = rows[index] as number[];
    if (!row.slice(0, LEXICAL_FEATURES).some((value) => value > 0)) return;
    ranked.push({ id: document.id, score: combinedScore(row) });
  });
  return ranked.sort((a, b) => b.score - a.score);
}
