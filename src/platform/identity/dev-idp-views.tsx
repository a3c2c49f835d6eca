/** The development IdP's login page: pick a test persona and a level of assurance. */
import { PostForm } from '../../web/components.tsx';
import { Layout } from '../../web/layout.tsx';
import type { PageContext } from '../../web/page-context.ts';
import { type Language, translator } from '../i18n/i18n.ts';
import { identityMessages } from './messages.ts';
import { type AssuranceLevel, formatPersonalIdentityNumber } from './model.ts';
import type { Persona } from './personas.ts';

type T = (key: keyof (typeof identityMessages)['sv'], params?: Record<string, string>) => string;

export interface DevLoginPageProps {
  ctx: PageContext;
  /** Where the persona forms post (…/interaction/:uid). */
  action: string;
  residents: Persona[];
  staff: Persona[];
  levels: AssuranceLevel[];
}

/** The persona's note in the page's language; the English one, marked so, where no Swedish exists. */
function PersonaNote({ persona, lang }: { persona: Persona; lang: Language }) {
  if (lang === 'sv' && persona.noteSv) return <p class="muted">{persona.noteSv}</p>;
  if (!persona.note) return null;
  return (
    <p class="muted" lang={lang === 'en' ? undefined : 'en'}>
      {persona.note}
    </p>
  );
}

function PersonaCard({ persona, props, t }: { persona: Persona; props: DevLoginPageProps; t: T }) {
  const name = `${persona.givenName} ${persona.familyName}`;
  const headingId = `persona-${persona.subject}`;
  return (
    <li class="card">
      <h3 id={headingId}>{name}</h3>
      <p>
        {t('personalIdentityNumber')}: {formatPersonalIdentityNumber(persona.personalIdentityNumber)}
      </p>
      <PersonaNote persona={persona} lang={props.ctx.lang} />
      <PostForm action={`${props.action}/login`} csrfToken={props.ctx.csrfToken} class="button-row">
        <input type="hidden" name="subject" value={persona.subject} />
        {props.levels.map((level) => (
          <button
            key={level}
            type="submit"
            name="level"
            value={level}
            class={level === 'loa3' ? 'button' : 'button secondary'}
          >
            {t(level === 'loa3' ? 'loginLoa3' : 'loginLoa2')}
            <span class="visually-hidden"> {t('loginAs', { name })}</span>
          </button>
        ))}
      </PostForm>
    </li>
  );
}

function PersonaSection(props: {
  id: string;
  title: string;
  intro?: string;
  personas: Persona[];
  page: DevLoginPageProps;
  t: T;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.intro && <p>{props.intro}</p>}
      <ul class="card-list">
        {props.personas.map((persona) => (
          <PersonaCard key={persona.subject} persona={persona} props={props.page} t={props.t} />
        ))}
      </ul>
    </section>
  );
}

/** The whole page: residents first, then staff, then a way to cancel. */
export function DevLoginPage(props: DevLoginPageProps) {
  const t = translator(identityMessages, props.ctx.lang);
  return (
    <Layout ctx={props.ctx} title={t('devIdpTitle')}>
      <h1>{t('devIdpTitle')}</h1>
      <p class="lead">{t('devIdpIntro')}</p>
      <p class="notice">{t('devIdpWarning')}</p>
      {!props.levels.includes('loa2') && <p>{t('devIdpStepUp')}</p>}
      <PersonaSection
        id="residents"
        title={t('residentsHeading')}
        personas={props.residents}
        page={props}
        t={t}
      />
      <PersonaSection
        id="staff"
        title={t('staffHeading')}
        intro={t('staffIntro')}
        personas={props.staff}
        page={props}
        t={t}
      />
      <PostForm action={`${props.action}/abort`} csrfToken={props.ctx.csrfToken} class="button-row">
        <button type="submit" class="link-button">
          {t('cancelLogin')}
        </button>
      </PostForm>
    </Layout>
  );
}
