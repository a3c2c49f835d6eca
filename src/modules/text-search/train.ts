/**
 * Re-trains the ranker's weights on SweFAQ's dev split and writes `weights.ts` (issue #13):
 *
 *   node --import ./scripts/tsx.mjs src/modules/text-search/train.ts [file.jsonl]
 *
 * The file defaults to ../shared/data/swefaq/swefaq_dev.jsonl. Prints the baselines, each feature
 * alone, the fitted weights, the accuracy on the file and the leave-one-category-out accuracy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES } from './features.ts';
import { accuracyLine, accuracyOf, parseSweFaq, withFeatures } from './swefaq.ts';
import { baselines, crossValidate, fit, L2, singleFeatureAccuracy } from './training.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.resolve(here, '../../../../shared/data/swefaq/swefaq_dev.jsonl');
const questions = parseSweFaq(fs.readFileSync(file, 'utf8'));
const featured = withFeatures(questions);
const base = baselines(questions);
console.log(`word TF-IDF baseline: ${accuracyLine(base.wordTfidf)}`);
console.log(`character n-gram baseline: ${accuracyLine(base.charNgrams)}`);
console.log('each feature alone:', singleFeatureAccuracy(featured));
const weights = fit(featured, { l2: L2 });
console.log('weights:', weights);
console.log(`on ${path.basename(file)}: ${accuracyLine(accuracyOf(featured, weights))}`);
console.log(`leave-one-category-out: ${accuracyLine(crossValidate(featured, { l2: L2 }))}`);
const body = FEATURE_NAMES.map((name) => `  ${name}: ${weights[name]},`).join('\n');
fs.writeFileSync(
  path.join(here, 'weights.ts'),
  `/** Written by \`train.ts\` from ${path.basename(file)}; do not edit by hand. */\nexport const TRAINED_WEIGHTS = {\n${body}\n};\n`,
);
console.log('written: src/modules/text-search/weights.ts');
