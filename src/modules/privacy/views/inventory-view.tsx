/**
 * The data inventory, `/{tenant}/handlaggning/dataskydd/datainventering` (issue #14): every field
 * of every live e-service with its step, type, confidentiality level and kind of personal data.
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { DataTable } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { privacyMessages } from '../messages.ts';
import type { InventoryEntry, ProcessingRecord } from '../record-model.ts';
import { PrivacyFrame, privacyBase } from './privacy-frame.tsx';

const COLUMNS = ['step', 'fieldId', 'label', 'type', 'confidentiality', 'personalData', 'required'] as const;

function FieldRow({ ctx, entry }: { ctx: PageContext; entry: InventoryEntry }) {
  const t = translator(privacyMessages, ctx.lang);
  return (
    <tr>
      <td>{localized(entry.stepTitle, ctx.lang)}</td>
      <td>
        <code>{entry.fieldId}</code>
      </td>
      <td>{localized(entry.label, ctx.lang)}</td>
      <td>{t(`type_${entry.type}`)}</td>
      <td>{t(`level_${entry.confidentiality}`)}</td>
      <td>{t(`pd_${entry.personalData}`)}</td>
      <td>{entry.required ? t('yes') : t('no')}</td>
    </tr>
  );
}

function ServiceTable(props: { ctx: PageContext; title: string; entries: InventoryEntry[] }) {
  const t = translator(privacyMessages, props.ctx.lang);
  return (
    <div class="table-scroll">
      <DataTable
        caption={<h2>{t('inventoryCaption', { service: props.title })}</h2>}
        columns={COLUMNS.map((key) => t(key))}
      >
        {props.entries.map((entry) => (
          <FieldRow key={entry.fieldId} ctx={props.ctx} entry={entry} />
        ))}
      </DataTable>
    </div>
  );
}

/** The page: one table per service, in the record's order. */
export function InventoryView(props: { ctx: PageContext; actor: StaffActor; record: ProcessingRecord }) {
  const { ctx, record } = props;
  const t = translator(privacyMessages, ctx.lang);
  return (
    <PrivacyFrame ctx={ctx} actor={props.actor} title={t('inventoryTitle')} section="inventory">
      <p>{t('inventoryIntro')}</p>
      <p>
        <a href={`${privacyBase(ctx)}/datainventering.csv`} download>
          {t('inventoryCsv')}
        </a>
      </p>
      {record.services.length === 0 && <p>{t('noServices')}</p>}
      {record.services.map((service) => (
        <ServiceTable
          key={service.serviceId}
          ctx={ctx}
          title={localized(service.title, ctx.lang)}
          entries={record.inventory.filter((entry) => entry.serviceId === service.serviceId)}
        />
      ))}
    </PrivacyFrame>
  );
}
