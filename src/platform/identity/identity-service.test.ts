import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { currentResident, requireResident } from './identity-service.ts';

const person = {
  id: 'p1',
  givenName: 'Anna',
  familyName: 'Andersson',
  personalIdentityNumber: '198501012382',
};

function requestWith(session: unknown): FastifyRequest {
  return { session } as unknown as FastifyRequest;
}

function session(level: string | undefined, withPerson = true) {
  return {
    id: 's',
    personId: withPerson ? 'p1' : null,
    person: withPerson ? person : null,
    data: { csrfToken: 'x', assuranceLevel: level },
  };
}

function loginRequired(run: () => unknown, level: string): void {
  assert.throws(
    run,
    (error: unknown) =>
      error instanceof AppError && error.code === 'LOGIN_REQUIRED' && error.message === level,
  );
}

test('requireResident returns the resident when the level is high enough', () => {
  assert.deepEqual(requireResident(requestWith(session('loa3')), 'loa3'), {
    personId: 'p1',
    givenName: 'Anna',
    familyName: 'Andersson',
    personalIdentityNumber: '198501012382',
    assuranceLevel: 'loa3',
  });
  assert.equal(requireResident(requestWith(session('loa2')), 'loa2').assuranceLevel, 'loa2');
  assert.equal(requireResident(requestWith(session('loa2'))).personId, 'p1');
});

test('requireResident refuses anonymous sessions and too low levels with LOGIN_REQUIRED (detail: the level)', () => {
  loginRequired(() => requireResident(requestWith(undefined), 'none'), 'none');
  loginRequired(() => requireResident(requestWith(session(undefined, false)), 'loa2'), 'loa2');
  loginRequired(() => requireResident(requestWith(session('loa2')), 'loa3'), 'loa3');
  loginRequired(() => requireResident(requestWith(session(undefined)), 'none'), 'none');
  assert.equal(currentResident(requestWith(undefined)), undefined);
  assert.equal(currentResident(requestWith(session('loa2')))?.personId, 'p1');
});
