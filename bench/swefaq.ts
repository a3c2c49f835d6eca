/**
 * The knowledge base's ranking on SweFAQ (issue #13): accuracy on the dev split as the knowledge
 * base ranks (`rankDocuments` over each question's candidates), the leave-one-category-out accuracy
 * (weights fitted without the category they answer: the figure for categories never seen), the two
 * baselines of the issue, and questions ranked per second. Pure computation: no database, the same
 * under BENCH_QUICK=1 except that the cross-validation is skipped there.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  accuracyLine,
  evaluateSweFaq,
  parseSweFaq,
  withFeatures,
} from '../src/modules/text-search/swefaq.ts';
import { baselines, crossValidate } from '../src/modules/text-search/training.ts';
import type { BenchContext, PartResult } from './lib/context.ts';
import { repoRoot } from './lib/server.ts';
import { round } from './lib/stats.ts';

const DEV_FILE = path.resolve(repoRoot, '../shared/data/swefaq/swefaq_dev.jsonl');

export async function run(context: BenchContext): Promise<PartResult> {
  if (!fs.existsSync(DEV_FILE)) return { figures: {}, rows: [], skipped: `${DEV_FILE} is missing` };
  const questions = parseSweFaq(fs.readFileSync(DEV_FILE, 'utf8'));
  evaluateSweFaq(questions.slice(0, 5)); // loads the dictionary before the clock starts
  const started = performance.now();
  const dev = evaluateSweFaq(questions);
  const seconds = (performance.now() - started) / 1000;
  context.log(`swefaq: dev ${accuracyLine(dev)}`);
  const base = baselines(questions);
  const cv = context.quick ? undefined : crossValidate(withFeatures(questions));
  if (cv) context.log(`swefaq: leave-one-category-out ${accuracyLine(cv)}`);
  const quick = context.quick ? ' (quick)' : '';
  const figures = {
    questions: dev.total,
    devAccuracy: round(dev.accuracy, 3),
    crossValidatedAccuracy: cv ? round(cv.accuracy, 3) : null,
    wordTfidfBaseline: round(base.wordTfidf.accuracy, 3),
    charNgramBaseline: round(base.charNgrams.accuracy, 3),
    questionsPerSecond: round(dev.total / seconds, 1),
  };
  return {
    figures: { swefaq: figures },
    rows: [
      {
        name: `swefaq: dev accuracy (${dev.correct} of ${dev.total})`,
        value: String(figures.devAccuracy),
        target: '≥ 0.80',
        ok: dev.accuracy >= 0.8,
      },
      ...(cv
        ? [
            {
              name: `swefaq: leave-one-category-out accuracy (${cv.correct} of ${cv.total})`,
              value: String(figures.crossValidatedAccuracy),
            },
          ]
        : []),
      { name: 'swefaq: word TF-IDF baseline', value: String(figures.wordTfidfBaseline) },
      { name: 'swefaq: character n-gram baseline', value: String(figures.charNgramBaseline) },
      { name: `swefaq: questions ranked/s${quick}`, value: String(figures.questionsPerSecond) },
    ],
  };
}
