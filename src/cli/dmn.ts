/**
 * `ingang dmn …`: evaluate, test and validate DMN models on any file. The engine is pure; this is
 * where the files are read and the results printed. Opens no database (issue #10).
 */
import fs from 'node:fs';
import { evaluateDecision } from '../modules/decision-rules/evaluate.ts';
import { explain } from '../modules/decision-rules/explain.ts';
import { toJson } from '../modules/decision-rules/feel-types.ts';
import { parseDmn } from '../modules/decision-rules/parse-dmn.ts';
import { runTck } from '../modules/decision-rules/tck.ts';
import { validateModel } from '../modules/decision-rules/validate.ts';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function evaluateCommand(file: string, args: string[]): Promise<number> {
  const decision = option(args, '--decision');
  if (!decision) return -1;
  const input: unknown = JSON.parse(option(args, '--input') ?? '{}');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('--input must be a JSON object of input values by name');
  }
  const result = evaluateDecision(
    await parseDmn(fs.readFileSync(file, 'utf8')),
    decision,
    input as Record<string, unknown>,
  );
  const explanation = { sv: explain(result, 'sv'), en: explain(result, 'en') };
  console.log(JSON.stringify(toJson({ ...result, explanation }), null, 2));
  return 0;
}

async function testCommand(modelFile: string, testsFile: string): Promise<number> {
  const report = await runTck(fs.readFileSync(modelFile, 'utf8'), fs.readFileSync(testsFile, 'utf8'));
  for (const line of report.lines) console.log(line);
  return report.failed ? 1 : 0;
}

async function validateCommand(file: string): Promise<number> {
  const errors = await validateModel(fs.readFileSync(file, 'utf8'));
  if (!errors.length) {
    console.log(`${file}: no errors.`);
    return 0;
  }
  console.error(`${file}: ${errors.length} error(s):`);
  for (const error of errors) {
    const where = [
      error.decision && `decision «${error.decision}»`,
      error.rule && `row ${error.rule}`,
      error.column && `column «${error.column}»`,
    ]
      .filter(Boolean)
      .join(', ');
    console.error(`  - ${error.code}${where ? ` (${where})` : ''}: ${error.messageEn}`);
  }
  return 1;
}

/** Runs a `dmn` subcommand; -1 means the arguments were wrong and the usage should be shown. */
export async function runDmnCommand(args: string[]): Promise<number> {
  const [subcommand, first, second, ...rest] = args;
  if (subcommand === 'evaluate' && first) return evaluateCommand(first, [second ?? '', ...rest]);
  if (subcommand === 'test' && first && second) return testCommand(first, second);
  if (subcommand === 'validate' && first) return validateCommand(first);
  return -1;
}
