/**
 * The SweFAQ evaluation (issue #13): files of JSON lines `{category_id, question,
 * candidate_answers[], label}` (SweFAQ v2.0, SuperLim 2); for each question the ranker picks one of
 * its category's candidate answers and is right when that is the one at `label`.
 */
import { featureRows } from './features.ts';
import { rankDocuments } from './index.ts';
import { combinedScore, type Weights } from './ranker.ts';

export interface FaqQuestion {
  category: string;
  question: string;
  candidates: string[];
  label: number;
}

/** A question with its candidates' feature rows computed once (training and cross-validation). */
export interface FeaturedQuestion extends FaqQuestion {
  rows: number[][];
}

export class SweFaqFormatError extends Error {}

/** Parses a SweFAQ JSON-lines file; throws SweFaqFormatError naming the first bad line. */
export function parseSweFaq(text: string): FaqQuestion[] {
  const questions: FaqQuestion[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new SweFaqFormatError(`${where}: not JSON`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw new SweFaqFormatError(`${where}: not a JSON object`);
    const { category_id, question, candidate_answers, label } = row as Record<string, unknown>;
    if (typeof question !== 'string' || question.trim() === '')
      throw new SweFaqFormatError(`${where}: "question" must be a non-empty string`);
    if (
      !Array.isArray(candidate_answers) ||
      candidate_answers.length === 0 ||
      !candidate_answers.every((answer) => typeof answer === 'string')
    )
      throw new SweFaqFormatError(`${where}: "candidate_answers" must be a non-empty array of strings`);
    if (
      typeof label !== 'number' ||
      !Number.isInteger(label) ||
      label < 0 ||
      label >= candidate_answers.length
    )
      throw new SweFaqFormatError(`${where}: "label" must be an index into "candidate_answers"`);
    if (typeof category_id !== 'string' && typeof category_id !== 'number')
      throw new SweFaqFormatError(`${where}: "category_id" must be a string or a number`);
    questions.push({ category: String(category_id), question, candidates: candidate_answers, label });
  });
  if (questions.length === 0) throw new SweFaqFormatError('no questions in the file');
  return questions;
}

/** Computes every question's feature rows. */
export function withFeatures(questions: FaqQuestion[]): FeaturedQuestion[] {
  return questions.map((question) => ({
    ...question,
    rows: featureRows(
      question.question,
      question.candidates.map((text) => [{ text }]),
    ),
  }));
}

/** Index of the best row (the first of equals). */
export function pick(rows: number[][], weights: Weights): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  rows.forEach((row, index) => {
    const score = combinedScore(row, weights);
    if (score > bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

export interface Accuracy {
  correct: number;
  total: number;
  accuracy: number;
}

export function accuracyOf(questions: FeaturedQuestion[], weights: Weights): Accuracy {
  const correct = questions.filter((question) => pick(question.rows, weights) === question.label).length;
  return { correct, total: questions.length, accuracy: questions.length ? correct / questions.length : 0 };
}

/** `accuracy: 0.NNN (K of N)`, the evaluation's last line. */
export function accuracyLine(result: Accuracy): string {
  return `accuracy: ${result.accuracy.toFixed(3)} (${result.correct} of ${result.total})`;
}

/**
 * The evaluation as the knowledge base runs it: each question ranked with `rankDocuments` against
 * its candidates (document frequencies over those candidates), right when the top one is the label.
 */
export function evaluateSweFaq(questions: FaqQuestion[]): Accuracy & { picks: (number | undefined)[] } {
  const picks = questions.map((question) => {
    const top = rankDocuments(
      question.question,
      question.candidates.map((text, index) => ({ id: String(index), fields: [{ text }] })),
    )[0];
    return top ? Number(top.id) : undefined;
  });
  const correct = picks.filter((picked, index) => picked === questions[index]?.label).length;
  return {
    correct,
    total: questions.length,
    accuracy: questions.length ? correct / questions.length : 0,
    picks,
  };
}
