/** Refused uploads as error-summary entries: which file, and what the field accepts. */
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import type { SummaryError } from '../../../web/components.tsx';
import type { Step } from '../../forms/definition.ts';
import { formatBytes } from '../../forms/messages.ts';
import { applicationMessages } from '../messages.ts';
import type { FileProblem } from '../multipart.ts';

/** A refused upload as an error-summary entry, in the resident's language. */
export function uploadError(problem: FileProblem, step: Step, lang: Language): SummaryError {
  const t = translator(applicationMessages, lang);
  const field = step.fields.find((f) => f.id === problem.fieldId);
  const limits = field?.type === 'file' ? field : undefined;
  const types = limits?.accept.map((type) => type.split('/')[1]?.toUpperCase()).join(', ') ?? '';
  const name = problem.filename;
  const messages = {
    tooLarge: () => t('fileTooLarge', { name, size: formatBytes(limits?.maxSizeBytes ?? 0, lang) }),
    wrongType: () => t('fileWrongType', { name, types }),
    infected: () => t('fileInfected', { name }),
    notScanned: () => t('fileNotScanned', { name }),
  };
  const message = messages[problem.problem]();
  return { href: problem.fieldId, message };
}
