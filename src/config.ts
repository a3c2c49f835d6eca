/** Environment → one typed, validated Config. Fails fast with a clear message. */
import path from 'node:path';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim holding the Swedish personal identity number. */
  personalIdentityNumberClaim: string;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  /** Embedded database and uploaded files live here; `:memory:` keeps the database in memory. */
  dataDir: string;
  /** Resident OIDC provider; undefined → the in-process development IdP. */
  oidc: OidcSettings | undefined;
  /** Officers' OIDC provider (STAFF_OIDC_*); undefined → the resident provider is used for officers too. */
  staffOidc: OidcSettings | undefined;
  devIdp: boolean;
  cookieSecure: boolean;
  seedDemo: boolean;
  logLevel: string;
  dbPoolSize: number;
  sessionTtlHours: number;
  /** Outgoing mail server (SMTP_URL, smtp:// or smtps://); undefined → the development mailbox, if on. */
  smtpUrl: string | undefined;
  /** Sender of notification mail (MAIL_FROM), e.g. `Ingång <no-reply@exempelstad.se>`. */
  mailFrom: string;
  /** The development mailbox (DEV_MAILBOX): an in-process SMTP server and the /dev-mail page. */
  devMailbox: boolean;
  version: string;
}

export class ConfigError extends Error {}

const DEFAULT_PIN_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function urlFrom(name: string, raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
}

/** One OIDC configuration from `<prefix>ISSUER`, `<prefix>CLIENT_ID`, `<prefix>CLIENT_SECRET`, `<prefix>PIN_CLAIM`. */
function oidcFrom(env: NodeJS.ProcessEnv, prefix = 'OIDC_'): OidcSettings | undefined {
  const issuer = env[`${prefix}ISSUER`];
  if (!issuer) return undefined;
  const clientId = env[`${prefix}CLIENT_ID`];
  const clientSecret = env[`${prefix}CLIENT_SECRET`];
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      `${prefix}ISSUER is set, so ${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET are required too`,
    );
  }
  return {
    issuer: urlFrom(`${prefix}ISSUER`, issuer),
    clientId,
    clientSecret,
    personalIdentityNumberClaim: env[`${prefix}PIN_CLAIM`] || DEFAULT_PIN_CLAIM,
  };
}

/** SMTP_URL carries a password, so an error names the variable but never echoes its value. */
function smtpUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 (or smtps://…)');
  }
  return raw;
}

function mailFromFrom(raw: string | undefined): string {
  const value = raw || 'Ingång <no-reply@localhost>';
  if (!/^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(value.trim())) {
    throw new ConfigError(
      `MAIL_FROM must be an address, optionally with a name: "Name <a@b.se>", got "${raw}"`,
    );
  }
  return value.trim();
}

/** Reads and validates the configuration; throws ConfigError naming the offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Config {
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const publicUrl = urlFrom('PUBLIC_URL', env.PUBLIC_URL || `http://localhost:${port}`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const oidc = oidcFrom(env);
  const smtpUrl = smtpUrlFrom(env.SMTP_URL);
  const devIdp = boolFrom(env, 'DEV_IDP', oidc === undefined);
  const dataDir = env.DATA_DIR === ':memory:' ? ':memory:' : path.resolve(env.DATA_DIR || './data');
  return {
    port,
    host: env.HOST || '127.0.0.1',
    publicUrl,
    databaseUrl,
    dataDir,
    oidc,
    staffOidc: oidcFrom(env, 'STAFF_OIDC_'),
    devIdp,
    cookieSecure: boolFrom(env, 'COOKIE_SECURE', publicUrl.startsWith('https:')),
    seedDemo: boolFrom(env, 'SEED_DEMO', true),
    logLevel: env.LOG_LEVEL || 'info',
    dbPoolSize: intFrom(env, 'DB_POOL_SIZE', 10, 1, 200),
    sessionTtlHours: intFrom(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    smtpUrl,
    mailFrom: mailFromFrom(env.MAIL_FROM),
    devMailbox: boolFrom(env, 'DEV_MAILBOX', devIdp && smtpUrl === undefined),
    version,
  };
}
