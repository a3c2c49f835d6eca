/**
 * The record of processing, `/{tenant}/handlaggning/dataskydd` (GDPR art. 30, issue #14): the
 * controller and data protection officer, then one description per live e-service, in the words
 * the CSV download and the privacy notices use too (record-words.ts).
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { privacyMessages } from '../messages.ts';
import type { ProcessingRecord, ServiceProcessing } from '../record-model.ts';
import { serviceWords } from '../record-words.ts';
import { PrivacyFrame, privacyBase } from './privacy-frame.tsx';

function List({ items }: { items: string[] }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

function ServiceSection({ ctx, service }: { ctx: PageContext; service: ServiceProcessing }) {
  const t = translator(privacyMessages, ctx.lang);
  const words = serviceWords(service, ctx.lang);
  const rows: [string, string | string[]][] = [
    [t('purpose'), words.purpose],
    [t('legalBasis'), words.legalBasis],
    [t('categories'), words.categories],
    [t('subjects'), words.subjects],
    [t('recipients'), words.recipients.length > 0 ? words.recipients : t('none')],
    [t('retention'), words.retention],
    [t('atEnd'), words.atEnd],
    [t('decisions'), words.decisions],
    [t('security'), words.security],
  ];
  return (
    <section aria-labelledby={`service-${service.slug}`}>
      <h2 id={`service-${service.slug}`}>{words.title}</h2>
      <dl class="summary-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{Array.isArray(value) ? <List items={value} /> : value}</dd>
          </div>
        ))}
        <div>
          <dt>{t('notice')}</dt>
          <dd>
            <a href={`/${ctx.tenant?.slug ?? ''}/e-tjanster/${service.slug}/personuppgifter`}>
              {t('noticeLink', { service: words.title })}
            </a>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The controller and its data protection officer, as the notices name them. */
function Controller({ ctx, record }: { ctx: PageContext; record: ProcessingRecord }) {
  const t = translator(privacyMessages, ctx.lang);
  const { contact } = record.controller;
  const dpo = record.dataProtectionOfficer;
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('controller')}</dt>
        <dd>{[record.controller.name, contact.address, contact.phone, contact.email].join('\n')}</dd>
      </div>
      <div>
        <dt>{t('dpo')}</dt>
        <dd>
          {dpo ? [dpo.email, dpo.phone, dpo.address].filter(Boolean).join('\n') : t('dpoMissing')}
          {'\n'}
          <a href={`${privacyBase(ctx)}/dataskyddsombud`}>{t('dpoEdit')}</a>
        </dd>
      </div>
    </dl>
  );
}

/** The page. */
export function RecordView(props: { ctx: PageContext; actor: StaffActor; record: ProcessingRecord }) {
  const { ctx, record } = props;
  const t = translator(privacyMessages, ctx.lang);
  return (
    <PrivacyFrame ctx={ctx} actor={props.actor} title={t('recordTitle')} section="record">
      <p>{t('recordIntro')}</p>
      <p>
        <a href={`${privacyBase(ctx)}/registerforteckning.csv`} download>
          {t('recordCsv')}
        </a>
      </p>
      <Controller ctx={ctx} record={record} />
      {record.services.length === 0 && <p>{t('noServices')}</p>}
      {record.services.map((service) => (
        <ServiceSection key={service.serviceId} ctx={ctx} service={service} />
      ))}
    </PrivacyFrame>
  );
}
