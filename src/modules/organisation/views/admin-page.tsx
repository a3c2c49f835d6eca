/** The frame of every administration page: heading, sub-navigation, notice and error summary. */
import type { ComponentChildren } from 'preact';
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary, type SummaryError } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { adminMessages, errorMessageKey } from '../messages.ts';
import { isAdmin, type StaffActor } from '../model.ts';

/** A form on the page that was refused: which one, its field errors (codes) and what was typed. */
export interface RefusedForm {
  /** `createUnit`, `rename:<unitId>`, `service:<serviceId>`, `staff` or `audit`. */
  form: string;
  errors: { field: string; message: string }[];
  values: Record<string, string | string[]>;
}

export type AdminSection =
  | 'organisation'
  | 'staff'
  | 'audit'
  | 'jobs'
  | 'rules'
  | 'sensors'
  | 'open311'
  | 'apiClients'
  | 'webhooks'
  | 'knowledgeBase'
  | 'openData'
  | 'digitalSupport'
  | 'contact'
  | 'routing'
  | 'residentAccessLog'
  | 'privacy'
  | 'disposal';

/** The administration pages' base path in the page's tenant. */
export function adminBase(ctx: PageContext): string {
  return `/${ctx.tenant?.slug ?? ''}/handlaggning/admin`;
}

/** The Swedish (or English) message for one field of a refused form, if that field was refused. */
export function fieldError(refused: RefusedForm | undefined, form: string, field: string, lang: Language) {
  const found = refused?.form === form ? refused.errors.find((error) => error.field === field) : undefined;
  return found ? translator(adminMessages, lang)(errorMessageKey(found.message)) : undefined;
}

/** What was typed into a refused form's input (kept on re-display). */
export function typedValue(refused: RefusedForm | undefined, form: string, name: string): string | undefined {
  const value = refused?.form === form ? refused.values[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A row of section links (`[section, href, text]`) under its own label, the current one marked:
 * the administration's menu, and the data protection pages' menu too.
 */
export function SectionNav<S extends string>(props: {
  label: string;
  links: [S, string, string][];
  current: S;
}) {
  return (
    <nav aria-label={props.label}>
      <ul class="header-nav">
        {props.links.map(([section, href, text]) => (
          <li key={section}>
            <a href={href} aria-current={section === props.current ? 'page' : undefined}>
              {text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * What the data protection officer, who manages nothing, reaches of the administration: the audit log,
 * the data protection pages and the disposal schedule (issue #14).
 */
const REVIEWER_SECTIONS: readonly AdminSection[] = ['audit', 'privacy', 'disposal'];

function AdminNav({ ctx, actor, current }: { ctx: PageContext; actor: StaffActor; current: AdminSection }) {
  const t = translator(adminMessages, ctx.lang);
  const base = adminBase(ctx);
  const links: [AdminSection, string, string][] = [
    ['organisation', base, t('navOrganisation')],
    ['staff', `${base}/personal`, t('navStaff')],
    ['audit', `${base}/logg`, t('navAudit')],
    ['jobs', `${base}/jobb`, t('navJobs')],
    ['rules', `${base}/regler`, t('navRules')],
    ['sensors', `${base}/sensorer`, t('navSensors')],
    ['open311', `${base}/open311`, t('navOpen311')],
    ['apiClients', `${base}/api-klienter`, t('navApiClients')],
    ['openData', `${base}/oppna-data`, t('navOpenData')],
    ['webhooks', `${base}/webhooks`, t('navWebhooks')],
    // The knowledge base is the customer centre's too, so it lives beside the queue (issue #13).
    ['knowledgeBase', `/${ctx.tenant?.slug ?? ''}/handlaggning/fragor-och-svar`, t('navKnowledgeBase')],
    ['digitalSupport', `${base}/digital-stod`, t('navDigitalSupport')],
    ['contact', `${base}/kontakt`, t('navContact')],
    ['routing', `${base}/synonymer`, t('navRouting')],
    ['residentAccessLog', `${base}/invanarlogg`, t('navResidentAccessLog')],
    // The record of processing is the data protection officer's too, so it lives outside admin (issue #14).
    ['privacy', `/${ctx.tenant?.slug ?? ''}/handlaggning/dataskydd`, t('navPrivacy')],
    ['disposal', `${base}/gallring`, t('navDisposal')],
  ];
  const shown = isAdmin(actor) ? links : links.filter(([section]) => REVIEWER_SECTIONS.includes(section));
  return <SectionNav label={t('adminNav')} links={shown} current={current} />;
}

export interface AdminPageProps {
  ctx: PageContext;
  actor: StaffActor;
  title: string;
  section: AdminSection;
  notice?: string;
  refused?: RefusedForm;
  /** The input id of a refused field, for the summary links. */
  inputId: (refused: RefusedForm, field: string) => string;
  /** Errors already in words (pages of other modules, with their own texts); used instead of `refused`. */
  summaryErrors?: SummaryError[];
  children: ComponentChildren;
}

/** One administration page. */
export function AdminPage(props: AdminPageProps) {
  const { ctx, actor, title, refused } = props;
  const t = translator(adminMessages, ctx.lang);
  const errors =
    props.summaryErrors ??
    (refused?.errors ?? []).map((error) => ({
      href: props.inputId(refused as RefusedForm, error.field),
      message: t(errorMessageKey(error.message)),
    }));
  return (
    <BackOfficeLayout ctx={ctx} actor={actor} title={title} hasErrors={errors.length > 0}>
      <AdminNav ctx={ctx} actor={actor} current={props.section} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} lang={ctx.lang} />
      {props.notice && (
        <div class="notice" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      {props.children}
    </BackOfficeLayout>
  );
}
