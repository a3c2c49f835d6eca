/**
 * The frame of the data protection pages (`/{tenant}/handlaggning/dataskydd/…`, issue #14), inside
 * the administration's (its menu marks "Dataskydd"). The data protection officer, who administers
 * nothing, sees in that menu only the audit log, these pages and the disposal schedule. Both get the
 * pages' own menu: the record, the inventory and the officer's contact details.
 */
import type { ComponentChildren } from 'preact';
import { translator } from '../../../platform/i18n/i18n.ts';
import type { SummaryError } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, SectionNav } from '../../organisation/views/admin-page.tsx';
import { privacyMessages } from '../messages.ts';

export type PrivacySection = 'record' | 'inventory' | 'dpo';

/** The data protection pages' base path in the page's tenant. */
export function privacyBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug ?? ''}/handlaggning/dataskydd`;
}

function PrivacyNav({ ctx, current }: { ctx: PageContext; current: PrivacySection }) {
  const t = translator(privacyMessages, ctx.lang);
  const base = privacyBase(ctx);
  const links: [PrivacySection, string, string][] = [
    ['record', base, t('navRecord')],
    ['inventory', `${base}/datainventering`, t('navInventory')],
    ['dpo', `${base}/dataskyddsombud`, t('navDpo')],
  ];
  return <SectionNav label={t('privacyNav')} links={links} current={current} />;
}

export interface PrivacyFrameProps {
  ctx: PageContext;
  actor: StaffActor;
  title: string;
  section: PrivacySection;
  notice?: string;
  errors?: SummaryError[];
  children: ComponentChildren;
}

/** One data protection page, in the administration's frame (whose menu shows the officer only what is theirs). */
export function PrivacyFrame(props: PrivacyFrameProps) {
  const { ctx, actor, title } = props;
  return (
    <AdminPage
      ctx={ctx}
      actor={actor}
      title={title}
      section="privacy"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={props.errors ?? []}
    >
      <PrivacyNav ctx={ctx} current={props.section} />
      {props.children}
    </AdminPage>
  );
}
