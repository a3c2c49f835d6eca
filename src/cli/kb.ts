/**
 * `ingang kb evaluate <file.jsonl>`: the SweFAQ evaluation of the knowledge base's ranking on any
 * file in SweFAQ's format (issue #13). Opens no database. One line per category, then the
 * accuracy as the last line: `accuracy: 0.NNN (K of N)`.
 */
import fs from 'node:fs';
import { accuracyLine, evaluateSweFaq, parseSweFaq } from '../modules/text-search/swefaq.ts';

/** Runs `kb <subcommand>`; -1 for a usage error (the caller prints the usage). */
export async function runKbCommand(args: string[]): Promise<number> {
  const [subcommand, file] = args;
  if (subcommand !== 'evaluate' || !file) return -1;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const questions = (() => {
    try {
      return parseSweFaq(text);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  })();
  const started = performance.now();
  const result = evaluateSweFaq(questions);
  const seconds = (performance.now() - started) / 1000;
  const categories = new Map<string, { correct: number; total: number }>();
  questions.forEach((question, index) => {
    const tally = categories.get(question.category) ?? { correct: 0, total: 0 };
    tally.total += 1;
    if (result.picks[index] === question.label) tally.correct += 1;
    categories.set(question.category, tally);
  });
  for (const [category, tally] of categories)
    console.log(`category ${category}: ${tally.correct} of ${tally.total}`);
  console.log(`${questions.length} questions in ${seconds.toFixed(2)} s`);
  console.log(accuracyLine(result));
  return 0;
}
