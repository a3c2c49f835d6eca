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
  devIdp: boolean;
  cookieSecure: boolean;
  seedDemo: boolean;
  logLevel: string;
  dbPoolSize: number;
  sessionTtlHours: number;
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

function oidcFrom(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuer = env.OIDC_ISSUER;
  if (!issuer) return undefined;
  const clientId = env.OIDC_CLIENT_ID;
  const clientSecret = env.OIDC_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new ConfigError('OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required too');
  }
  return {
    issuer: urlFrom('OIDC_ISSUER', issuer),
    clientId,
    clientSecret,
    personalIdentityNumberClaim: env.OIDC_PIN_CLAIM || DEFAULT_PIN_CLAIM,
  };
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
  const dataDir = env.DATA_DIR === ':memory:' ? ':memory:' : path.resolve(env.DATA_DIR || './data');
  return {
    port,
    host: env.HOST || '127.0.0.1',
    publicUrl,
    databaseUrl,
    dataDir,
    oidc,
    devIdp: boolFrom(env, 'DEV_IDP', oidc === undefined),
    cookieSecure: boolFrom(env, 'COOKIE_SECURE', publicUrl.startsWith('https:')),
    seedDemo: boolFrom(env, 'SEED_DEMO', true),
    logLevel: env.LOG_LEVEL || 'info',
    dbPoolSize: intFrom(env, 'DB_POOL_SIZE', 10, 1, 200),
    sessionTtlHours: intFrom(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    version,
  };
}
