/** A logged read in words (the access log page, the PDF and the JSON export share them). */
import { type Language, translator } from '../../platform/i18n/i18n.ts';
import { dataRightsMessages } from './messages.ts';
import type { AccessEntry } from './model.ts';

/** What was done, who did it, from which unit and in which role, in the resident's language. */
export function readerTexts(entry: AccessEntry, lang: Language) {
  const t = translator(dataRightsMessages, lang);
  const action = t(`action_${entry.action}`);
  const { reader } = entry;
  if (reader.kind === 'system')
    return { action, who: t('systemReader', { name: reader.name }), unit: '–', role: t('systemRole') };
  return {
    action,
    who: reader.name ?? t('nameHidden'),
    unit: reader.units.length > 0 ? reader.units.join(', ') : t('noUnit'),
    role: reader.role ? t(`role_${reader.role}`) : t('unknown'),
  };
}
