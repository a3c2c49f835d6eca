/**
 * Plain-language routing (issue #13): the committed evaluation set (src/modules/routing/evaluation/
 * queries.jsonl, ≥ 200 everyday queries in residents' words) ranked against the demo municipalities'
 * live e-services. Figures: top-1 and top-3 with text alone, with the demo synonyms
 * (demo/routing-synonyms.json), and with the synonyms plus a history of residents' choices (every
 * other query recorded as chosen, measured on the rest: queries the classifier has not seen). Pure and
 * fast: BENCH_QUICK=1 runs the same.
 */
import { runEvaluation } from '../src/modules/routing/evaluation/evaluation.ts';
import type { BenchContext, PartResult } from './lib/context.ts';

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function run(context: BenchContext): Promise<PartResult> {
  const plain = runEvaluation({ synonyms: false });
  const synonyms = runEvaluation({ synonyms: true });
  const history = runEvaluation({ synonyms: true, history: true });
  context.log(`routing: ${plain.total} queries; misses with synonyms: ${synonyms.misses.length}`);
  const figures = {
    routing: {
      queries: plain.total,
      top1: round(plain.top1),
      top3: round(plain.top3),
      top1WithSynonyms: round(synonyms.top1),
      top3WithSynonyms: round(synonyms.top3),
      heldOutQueries: history.total,
      top1WithSynonymsAndHistory: round(history.top1),
      top3WithSynonymsAndHistory: round(history.top3),
    },
  };
  const rows = [
    {
      name: `routing top-1, text only (${plain.total} queries)`,
      value: plain.top1.toFixed(3),
      target: '≥ 0.70',
      ok: plain.top1 >= 0.7,
    },
    {
      name: 'routing top-3, text only',
      value: plain.top3.toFixed(3),
      target: '≥ 0.82',
      ok: plain.top3 >= 0.82,
    },
    {
      name: 'routing top-1, with demo synonyms',
      value: synonyms.top1.toFixed(3),
      target: '≥ 0.90',
      ok: synonyms.top1 >= 0.9,
    },
    {
      name: 'routing top-3, with demo synonyms',
      value: synonyms.top3.toFixed(3),
      target: '≥ 0.95',
      ok: synonyms.top3 >= 0.95,
    },
    { name: `routing top-1, synonyms + history (${history.total} held out)`, value: history.top1.toFixed(3) },
    { name: 'routing top-3, synonyms + history', value: history.top3.toFixed(3) },
  ];
  return { figures, rows };
}
