/** `ingang validate-service <file.json>`: checks a definition file as `import-service` would, with no database. */
import { decisionModelErrors } from '../modules/catalogue/decision-model-check.ts';
import { validateDefinition } from '../modules/forms/validate-definition.ts';
import { readDefinitionFile } from './definition-file.ts';

/** Checks a definition file as `import-service` would, without opening the database. */
export async function validateServiceFile(file: string): Promise<number> {
  const checked = validateDefinition(readDefinitionFile(file));
  const support = checked.ok ? checked.definition.decisionSupport : undefined;
  const modelErrors = support ? await decisionModelErrors(support) : [];
  const result = checked.ok && modelErrors.length > 0 ? { ok: false as const, errors: modelErrors } : checked;
  if (result.ok) {
    console.log(`${file}: a valid definition of ${result.definition.service}.`);
    return 0;
  }
  console.error(`${file}: not a valid definition:`);
  for (const error of result.errors) console.error(`  - ${error}`);
  return 1;
}
