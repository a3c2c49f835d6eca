/**
 * Fitting the ranker's weights and measuring how well they generalise (issue #13). The model is a
 * conditional logit over a question's candidates — P(candidate) ∝ exp(Σ vᵢ·fᵢ) — with one
 * non-negative weight per feature and an L2 penalty: eleven numbers, nothing of the questions or
 * answers themselves. SweFAQ's test split has categories the dev split lacks, so the figure that
 * counts is leave-one-category-out: fit on the other categories, pick answers in the one left out.
 */
import { tokenize } from './analysis.ts';
import { FEATURE_NAMES } from './features.ts';
import type { Weights } from './ranker.ts';
import { type Accuracy, accuracyOf, type FaqQuestion, type FeaturedQuestion, pick } from './swefaq.ts';

/** The L2 penalty used for the committed weights (the one with the best leave-one-category-out). */
export const L2 = 1e-5;

export interface FitOptions {
  /** L2 penalty on the weights. */
  l2?: number;
  iterations?: number;
}

/** Fits non-negative weights by projected gradient descent (Adam steps) on the mean log loss. */
export function fit(questions: FeaturedQuestion[], options: FitOptions = {}): Weights {
  const l2 = options.l2 ?? L2;
  const iterations = options.iterations ?? 1500;
  const size = FEATURE_NAMES.length;
  const v = new Array<number>(size).fill(1);
  const m = new Array<number>(size).fill(0);
  const s = new Array<number>(size).fill(0);
  const rate = 0.5;
  for (let step = 1; step <= iterations; step += 1) {
    const gradient = v.map((value) => 2 * l2 * value);
    for (const question of questions) {
      const logits = question.rows.map((row) => row.reduce((sum, f, i) => sum + f * (v[i] as number), 0));
      const top = Math.max(...logits);
      const exps = logits.map((logit) => Math.exp(logit - top));
      const total = exps.reduce((sum, value) => sum + value, 0);
      question.rows.forEach((row, j) => {
        const p = (exps[j] as number) / total;
        const target = j === question.label ? 1 : 0;
        row.forEach((f, i) => {
          gradient[i] = (gradient[i] as number) + ((p - target) * f) / questions.length;
        });
      });
    }
    for (let i = 0; i < size; i += 1) {
      const g = gradient[i] as number;
      m[i] = 0.9 * (m[i] as number) + 0.1 * g;
      s[i] = 0.999 * (s[i] as number) + 0.001 * g * g;
      const mHat = (m[i] as number) / (1 - 0.9 ** step);
      const sHat = (s[i] as number) / (1 - 0.999 ** step);
      v[i] = Math.max(0, (v[i] as number) - (rate * mHat) / (Math.sqrt(sHat) + 1e-8));
    }
  }
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, round(v[i] as number)])) as Weights;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Leave-one-category-out: each category's questions answered with weights fitted on the others. */
export function crossValidate(questions: FeaturedQuestion[], options: FitOptions = {}): Accuracy {
  const categories = [...new Set(questions.map((question) => question.category))];
  let correct = 0;
  for (const category of categories) {
    const training = questions.filter((question) => question.category !== category);
    const held = questions.filter((question) => question.category === category);
    const weights = fit(training, options);
    correct += accuracyOf(held, weights).correct;
  }
  return { correct, total: questions.length, accuracy: questions.length ? correct / questions.length : 0 };
}

/** One feature alone (weight 1, others 0): how much each technique does by itself. */
export function singleFeatureAccuracy(questions: FeaturedQuestion[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const name of FEATURE_NAMES) {
    const weights = Object.fromEntries(
      FEATURE_NAMES.map((other) => [other, other === name ? 1 : 0]),
    ) as Weights;
    result[name] = round(accuracyOf(questions, weights).accuracy);
  }
  return result;
}

type Bag = Map<string, number>;

function tfidfPick(question: string, candidates: string[], bagOf: (text: string) => Bag): number {
  const bags = candidates.map(bagOf);
  const frequencies = new Map<string, number>();
  for (const bag of bags) for (const key of bag.keys()) frequencies.set(key, (frequencies.get(key) ?? 0) + 1);
  const idf = (key: string) => Math.log((1 + bags.length) / (1 + (frequencies.get(key) ?? 0))) + 1;
  const vector = (bag: Bag) => {
    const out = new Map<string, number>();
    let norm = 0;
    for (const [key, count] of bag) {
      const value = count * idf(key);
      out.set(key, value);
      norm += value * value;
    }
    return { out, norm: Math.sqrt(norm) || 1 };
  };
  const q = vector(bagOf(question));
  const scores = bags.map((bag) => {
    const d = vector(bag);
    let dot = 0;
    for (const [key, value] of q.out) dot += value * (d.out.get(key) ?? 0);
    return [dot / (q.norm * d.norm)];
  });
  return pick(scores, Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i === 0 ? 1 : 0])) as Weights);
}

function countBag(items: string[]): Bag {
  const bag: Bag = new Map();
  for (const item of items) bag.set(item, (bag.get(item) ?? 0) + 1);
  return bag;
}

/**
 * The two baselines, without any of the analysis: plain TF-IDF cosine over lower-cased
 * words, and over character 2–5-grams within words (scikit-learn's `char_wb`).
 */
export function baselines(questions: FaqQuestion[]): { wordTfidf: Accuracy; charNgrams: Accuracy } {
  const words = (text: string) => countBag(tokenize(text));
  const chars = (text: string) => {
    const grams: string[] = [];
    for (const token of tokenize(text)) {
      const padded = ` ${token} `;
      for (let n = 2; n <= 5; n += 1)
        for (let i = 0; i + n <= padded.length; i += 1) grams.push(padded.slice(i, i + n));
    }
    return countBag(grams);
  };
  const measure = (bagOf: (text: string) => Bag): Accuracy => {
    const correct = questions.filter(
      (question) => tfidfPick(question.question, question.candidates, bagOf) === question.label,
    ).length;
    return { correct, total: questions.length, accuracy: correct / questions.length };
  };
  return { wordTfidf: measure(words), charNgrams: measure(chars) };
}
