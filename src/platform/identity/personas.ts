/** The test personas the development IdP offers, read from `demo/personas.json`. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Persona {
  /** Stable subject identifier (`sub`) for this persona. */
  subject: string;
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  /** A resident's note (in English), or a staff member's unit, role and municipality. */
  note: string;
  /** The resident's note in Swedish, where the file has one (`noteSv`). */
  noteSv?: string;
  kind: 'resident' | 'staff';
}

interface PersonaFile {
  residents: {
    personalIdentityNumber: string;
    givenName: string;
    familyName: string;
    note?: string;
    noteSv?: string;
  }[];
  staff: {
    personalIdentityNumber: string;
    givenName: string;
    familyName: string;
    tenant?: string;
    unit?: string | null;
    role?: string;
  }[];
}

/** Every persona, in file order, with lookup by subject. */
export interface PersonaDirectory {
  residents: Persona[];
  staff: Persona[];
  bySubject(subject: string): Persona | undefined;
}

/** Where the personas live, relative to this file (repository root/demo). */
export const DEFAULT_PERSONAS_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../demo/personas.json',
);

/** A stable, non-reversible-at-a-glance `sub`: the personnummer hashed (test numbers only). */
export function subjectFor(personalIdentityNumber: string): string {
  return crypto
    .createHash('sha256')
    .update(`ingang-dev-idp:${personalIdentityNumber}`)
    .digest('base64url')
    .slice(0, 32);
}

function staffNote(entry: PersonaFile['staff'][number]): string {
  return [entry.unit, entry.role, entry.tenant]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(', ');
}

/** Reads and indexes the persona file; fails fast with the file name when it is malformed. */
export function loadPersonas(file: string = DEFAULT_PERSONAS_FILE): PersonaDirectory {
  let parsed: PersonaFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as PersonaFile;
    if (!Array.isArray(parsed.residents) || !Array.isArray(parsed.staff))
      throw new Error('residents/staff missing');
  } catch (error) {
    throw new Error(`Cannot read test personas from ${file}: ${(error as Error).message}`);
  }
  const make = (entry: PersonaFile['residents'][number], kind: Persona['kind'], note: string): Persona => ({
    subject: subjectFor(entry.personalIdentityNumber),
    personalIdentityNumber: entry.personalIdentityNumber,
    givenName: entry.givenName,
    familyName: entry.familyName,
    note,
    kind,
  });
  const residents = parsed.residents.map((entry) => ({
    ...make(entry, 'resident', entry.note ?? ''),
    ...(entry.noteSv ? { noteSv: entry.noteSv } : {}),
  }));
  const staff = parsed.staff.map((entry) => make(entry, 'staff', staffNote(entry)));
  const index = new Map([...residents, ...staff].map((persona) => [persona.subject, persona]));
  return { residents, staff, bySubject: (subject) => index.get(subject) };
}
