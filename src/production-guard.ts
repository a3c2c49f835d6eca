/**
 * The production guard (issue #14): the development IdP (anyone logs in as anyone), the demo seed
 * (demo tenants whose staff are the public test personas) and the development mailbox (every mail,
 * personal data included, readable at /dev-mail) must never be left on by mistake where residents
 * are. An installation counts as production when PUBLIC_URL is https or NODE_ENV=production; there
 * the process refuses to start with any of them on, unless INGANG_DEMO=true declares a public demo.
 * `npm start` on a fresh machine (http://localhost, no NODE_ENV) still serves the demo.
 */

/** The development features as configured, and why each is on (default or explicit). */
export interface DevelopmentFeatures {
  devIdp: boolean;
  seedDemo: boolean;
  devMailbox: boolean;
}

/** Why an installation counts as production, or undefined when it does not. */
export function productionSignal(env: NodeJS.ProcessEnv, publicUrl: string): string | undefined {
  if (env.NODE_ENV === 'production') return 'NODE_ENV=production';
  if (publicUrl.startsWith('https:')) return `PUBLIC_URL is https (${publicUrl})`;
  return undefined;
}

/** How to turn one feature off, with why it is on when nobody set it. */
function offSwitch(env: NodeJS.ProcessEnv, name: keyof DevelopmentFeatures): string {
  const explicit = (variable: string) => env[variable] !== undefined && env[variable] !== '';
  switch (name) {
    case 'devIdp':
      return explicit('DEV_IDP')
        ? 'DEV_IDP is true: set DEV_IDP=false (residents then log in through OIDC_ISSUER)'
        : 'DEV_IDP is on because OIDC_ISSUER is not set: configure OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or set DEV_IDP=false';
    case 'seedDemo':
      return explicit('SEED_DEMO')
        ? 'SEED_DEMO is true: set SEED_DEMO=false'
        : 'SEED_DEMO is on by default: set SEED_DEMO=false';
    case 'devMailbox':
      return explicit('DEV_MAILBOX')
        ? 'DEV_MAILBOX is true: set DEV_MAILBOX=false (and SMTP_URL for real mail)'
        : 'DEV_MAILBOX is on because the development IdP is on and SMTP_URL is not set: set SMTP_URL, or DEV_MAILBOX=false';
  }
}

/**
 * The message refusing to start, or undefined when the configuration may start: not production,
 * no development feature on, or INGANG_DEMO=true (`demo`).
 */
export function productionGuardMessage(
  env: NodeJS.ProcessEnv,
  publicUrl: string,
  features: DevelopmentFeatures,
  demo: boolean,
): string | undefined {
  const signal = productionSignal(env, publicUrl);
  if (!signal || demo) return undefined;
  const on = (Object.keys(features) as (keyof DevelopmentFeatures)[]).filter((name) => features[name]);
  if (on.length === 0) return undefined;
  return [
    `refusing to start: this looks like production (${signal}), yet development features are on.`,
    ...on.map((name) => `  - ${offSwitch(env, name)}`),
    'If this installation is a public demo with test personas only, set INGANG_DEMO=true.',
  ].join('\n');
}
