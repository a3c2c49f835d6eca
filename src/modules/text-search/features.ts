/**
 * Similarity features between a query and each of a set of documents (issue #13). Every feature is
 * in [0, 1]; document frequencies are counted over the set being ranked (a SweFAQ category's
 * candidate answers, a municipality's e-services), so a word common to all of them counts for little.
 */
import { charGrams, terms, tokenize, wordTerms } from './analysis.ts';

/** A text field of a document and how much it counts. */
export interface Field {
  text: string;
  weight?: number;
}

export const FEATURE_NAMES = [
  'char3',
  'char4',
  'char5',
  'words',
  'coverage',
  'leadCoverage',
  'bm25',
  'leadChars',
  'yesNo',
  'timeOrAmount',
  'answerType',
] as const;

/** The features that measure shared words or letters (the others are answer-type cues). */
export const LEXICAL_FEATURES = 8;

export type FeatureName = (typeof FEATURE_NAMES)[number];

type Bag = Map<string, number>;

function addInto(target: Bag, source: Bag, weight: number): void {
  for (const [key, count] of source) target.set(key, (target.get(key) ?? 0) + count * weight);
}

function bagOf(fields: Field[], make: (text: string) => Bag): Bag {
  const bag: Bag = new Map();
  for (const field of fields) addInto(bag, make(field.text), field.weight ?? 1);
  return bag;
}

function documentFrequencies(bags: Bag[]): Bag {
  const frequencies: Bag = new Map();
  for (const bag of bags) for (const key of bag.keys()) frequencies.set(key, (frequencies.get(key) ?? 0) + 1);
  return frequencies;
}

/** Smoothed inverse document frequency over `count` documents. */
function idfOf(frequencies: Bag, count: number): (key: string) => number {
  return (key) => Math.log(1 + (count + 1) / ((frequencies.get(key) ?? 0) + 1));
}

/** Cosine of sublinear TF-IDF vectors. */
function cosines(query: Bag, documents: Bag[]): number[] {
  const idf = idfOf(documentFrequencies(documents), documents.length);
  const weigh = (bag: Bag) => {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [key, count] of bag) {
      if (count <= 0) continue;
      const value = (1 + Math.log(count)) * idf(key);
      vector.set(key, value);
      norm += value * value;
    }
    return { vector, norm: Math.sqrt(norm) };
  };
  const q = weigh(query);
  return documents.map((bag) => {
    const d = weigh(bag);
    if (q.norm === 0 || d.norm === 0) return 0;
    let dot = 0;
    for (const [key, value] of q.vector) {
      const other = d.vector.get(key);
      if (other) dot += value * other;
    }
    return Math.min(1, dot / (q.norm * d.norm));
  });
}

/**
 * The first sentence of a document's first field (answers tend to restate the question); a bare
 * `Ja.` or `Nej.` before it is skipped, since the sentence after it is the one that restates.
 */
function leadSentence(fields: Field[]): string {
  const sentences = (fields[0]?.text ?? '').split(/(?<=[.!?])\s+/u);
  const first = sentences[0] ?? '';
  return /^(ja|nej)[.!]$/iu.test(first.trim()) ? (sentences[1] ?? '') : first;
}

/** The lead sentence's words, at most 40. */
function lead(fields: Field[]): string {
  return tokenize(leadSentence(fields)).slice(0, 40).join(' ');
}

const YES_NO_VERBS = new Set(
  `är får kan kommer måste ska skall behöver bör finns gäller har hade blir går gör räcker ingår
  omfattas påverkas kostar vill brukar`.split(/\s+/),
);

/** A question to be answered yes or no: it starts with a verb (`Får flyktingar …`, `Är kommunen …`). */
function isYesNoQuestion(query: string): boolean {
  return YES_NO_VERBS.has(tokenize(query)[0] ?? '');
}

function startsWithYesOrNo(fields: Field[]): boolean {
  return /^(ja|nej)$/.test(tokenize(fields[0]?.text ?? '')[0] ?? '');
}

const TIME_OR_AMOUNT_QUESTION = /\b(hur (länge|lång|ofta|mycket|många|gammal)|när|kostar|kostnad|avgift)\b/u;
const TIME_OR_AMOUNT_ANSWER =
  /\d|\b(år|månad|månader|vecka|veckor|dag|dagar|timmar|kronor|procent|senast|tidigast|fyller)\b/u;

/** What kind of answer the question asks for, when its wording says so. */
interface AnswerCues {
  /** `Vad är LVU?`, `Vad innebär att ordinera vaccin?`: an answer that defines the asked term. */
  definition: boolean;
  /** `Vem får ordinera …?`, `Vilka har rätt till …?`: an answer that names a person or body. */
  who: boolean;
  /** `Vart skickas avropen?`: an answer that says where or through what. */
  where: boolean;
}

function answerCues(query: string): AnswerCues {
  const words = tokenize(query).join(' ');
  return {
    definition: /^vad (är|innebär|betyder|menas)\b/u.test(words),
    who: /\b(vem|vilka (får|kan|ska|har))\b/u.test(words),
    where: /^(var|vart)\b|\bvart\b/u.test(words),
  };
}

const DEFINING_VERBS = new Set(['är', 'innebär', 'betyder', 'kallas']);

/** The lead names one of the query's terms and then defines it (`LVU är en förkortning …`). */
function defines(fields: Field[], queryTerms: Bag): boolean {
  const words = tokenize(leadSentence(fields)).slice(0, 12);
  const verb = words.findIndex((word) => DEFINING_VERBS.has(word));
  return verb > 0 && words.slice(0, verb).some((word) => queryTerms.has(wordTerms(word).stem));
}

/** A person or body in the lead: a capitalised name after its first word, or a word for one. */
const WHO_ANSWER =
  /(\s\p{Lu}\p{L}+|nämnd|styrelse|läkare|sköterska|personal|vårdgivare|leverantör|ansvarig|\bden som\b|\balla\b)/u;
/** A place or a channel anywhere in the answer. */
const WHERE_ANSWER = /\b(via|webb|webbplats|e post|adress|sida|länk|på plats|hos)\b/u;

/** The share of the question's answer cues that the document meets (0 when it has none). */
function answerTypeMatch(cues: AnswerCues, fields: Field[], queryTerms: Bag): number {
  const checks: boolean[] = [];
  if (cues.definition) checks.push(defines(fields, queryTerms));
  if (cues.who) checks.push(WHO_ANSWER.test(leadSentence(fields)));
  if (cues.where) checks.push(WHERE_ANSWER.test(tokenize(fields[0]?.text ?? '').join(' ')));
  return checks.length > 0 ? checks.filter(Boolean).length / checks.length : 0;
}

/**
 * The features of each document against the query: one row per document, one column per
 * FEATURE_NAMES entry.
 */
export function featureRows(query: string, documents: Field[][]): number[][] {
  const count = documents.length;
  if (count === 0) return [];
  const queryTerms = terms(query);
  const documentTerms = documents.map((fields) => bagOf(fields, terms));
  const termFrequencies = documentFrequencies(documentTerms);
  const idf = idfOf(termFrequencies, count);
  const charColumns = [3, 4, 5].map((n) =>
    cosines(
      charGrams(query, n),
      documents.map((fields) => bagOf(fields, (text) => charGrams(text, n))),
    ),
  );
  const wordColumn = cosines(queryTerms, documentTerms);
  let queryMass = 0;
  for (const [term, weight] of queryTerms) queryMass += Math.min(1, weight) * idf(term);
  const coverage = (bag: Bag) => {
    if (queryMass === 0) return 0;
    let covered = 0;
    for (const [term, weight] of queryTerms) if (bag.has(term)) covered += Math.min(1, weight) * idf(term);
    return covered / queryMass;
  };
  const lengths = documentTerms.map((bag) => [...bag.values()].reduce((sum, value) => sum + value, 0));
  const averageLength = lengths.reduce((sum, value) => sum + value, 0) / count || 1;
  const bm25 = documentTerms.map((bag, index) => {
    if (queryMass === 0) return 0;
    const k1 = 1.2;
    const b = 0.75;
    const norm = k1 * (1 - b + (b * (lengths[index] as number)) / averageLength);
    let sum = 0;
    for (const [term, weight] of queryTerms) {
      const frequency = bag.get(term) ?? 0;
      if (frequency > 0)
        sum += Math.min(1, weight) * idf(term) * ((frequency * (k1 + 1)) / (frequency + norm));
    }
    // Divided by what the query would score against itself (each term once, average length): [0, 1].
    return Math.min(1, sum / (queryMass * ((k1 + 1) / (1 + k1))));
  });
  const leadChars = cosines(
    charGrams(query, 4),
    documents.map((fields) => charGrams(lead(fields), 4)),
  );
  const yesNo = isYesNoQuestion(query);
  const normalized = tokenize(query).join(' ');
  const timeOrAmount = TIME_OR_AMOUNT_QUESTION.test(normalized);
  const cues = answerCues(query);
  return documents.map((fields, index) => [
    charColumns[0]?.[index] as number,
    charColumns[1]?.[index] as number,
    charColumns[2]?.[index] as number,
    wordColumn[index] as number,
    coverage(documentTerms[index] as Bag),
    coverage(terms(lead(fields))),
    bm25[index] as number,
    leadChars[index] as number,
    yesNo === startsWithYesOrNo(fields) ? 1 : 0,
    timeOrAmount && TIME_OR_AMOUNT_ANSWER.test(lead(fields)) ? 1 : 0,
    answerTypeMatch(cues, fields, queryTerms),
  ]);
}
