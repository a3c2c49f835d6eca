import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACR,
  acceptedLevels,
  acrValuesFor,
  formatPersonalIdentityNumber,
  identityFromClaims,
  levelFromAcr,
  loginPath,
  meetsLevel,
  normalizePersonalIdentityNumber,
  parseRequestedLevel,
} from './model.ts';

const PIN_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';

describe('assurance levels', () => {
  test('acr values map to levels; unknown values do not', () => {
    const cases: [unknown, string | undefined][] = [
      [ACR.loa3, 'loa3'],
      [ACR.loa2, 'loa2'],
      ['http://id.elegnamnden.se/loa/1.0/loa4', 'loa3'],
      ['http://id.elegnamnden.se/loa/1.0/eidas-sub', 'loa3'],
      ['http://id.elegnamnden.se/loa/1.0/loa1', undefined],
      ['urn:other:loa3', undefined],
      [undefined, undefined],
      [3, undefined],
    ];
    for (const [acr, expected] of cases) assert.equal(levelFromAcr(acr), expected, String(acr));
  });

  test('a level satisfies itself and everything below it', () => {
    const cases: [unknown, 'none' | 'loa2' | 'loa3', boolean][] = [
      ['loa3', 'loa3', true],
      ['loa3', 'loa2', true],
      ['loa2', 'loa2', true],
      ['loa2', 'loa3', false],
      [undefined, 'loa2', false],
      [undefined, 'none', true],
      ['loa9', 'loa2', false],
    ];
    for (const [actual, minimum, expected] of cases)
      assert.equal(meetsLevel(actual, minimum), expected, `${actual} ≥ ${minimum}`);
  });

  test('acr_values ask for the level and above; the IdP offers only what was asked for', () => {
    assert.equal(acrValuesFor('loa3'), ACR.loa3);
    assert.deepEqual(acceptedLevels(acrValuesFor('loa3')), ['loa3']);
    assert.deepEqual(acceptedLevels(acrValuesFor('loa2')), ['loa3', 'loa2']);
    assert.deepEqual(acceptedLevels(undefined), ['loa3', 'loa2']);
    assert.deepEqual(acceptedLevels('urn:unknown'), ['loa3', 'loa2']);
  });

  test('niva is parsed strictly and login paths carry it', () => {
    assert.equal(parseRequestedLevel('loa3'), 'loa3');
    assert.equal(parseRequestedLevel('LOA3'), undefined);
    assert.equal(parseRequestedLevel(['loa3']), undefined);
    assert.equal(
      loginPath('/exempelstad/e-tjanster/skolskjuts', 'loa3'),
      '/logga-in?tillbaka=%2Fexempelstad%2Fe-tjanster%2Fskolskjuts&niva=loa3',
    );
    assert.equal(loginPath('/mina-sidor', 'none'), '/logga-in?tillbaka=%2Fmina-sidor');
  });
});

describe('claims to identity', () => {
  const good = { given_name: 'Anna', family_name: 'Andersson', [PIN_CLAIM]: '198501012382', acr: ACR.loa3 };

  test('a complete set of claims becomes an identity with a 12-digit personnummer', () => {
    assert.deepEqual(identityFromClaims({ ...good, [PIN_CLAIM]: '850101-2382' }, PIN_CLAIM), {
      personalIdentityNumber: '198501012382',
      givenName: 'Anna',
      familyName: 'Andersson',
      assuranceLevel: 'loa3',
    });
  });

  test('a missing or invalid claim is named, never guessed', () => {
    assert.match(
      (identityFromClaims({ ...good, [PIN_CLAIM]: '198501012383' }, PIN_CLAIM) as { problem: string })
        .problem,
      /personalIdentityNumber/,
    );
    assert.ok('problem' in identityFromClaims({ ...good, [PIN_CLAIM]: undefined }, PIN_CLAIM));
    assert.ok('problem' in identityFromClaims({ ...good, given_name: ' ' }, PIN_CLAIM));
    assert.ok('problem' in identityFromClaims({ ...good, acr: undefined }, PIN_CLAIM));
    assert.ok('problem' in identityFromClaims(good, 'personnummer'));
  });

  test('personnummer helpers', () => {
    assert.equal(normalizePersonalIdentityNumber('19850101-2382'), '198501012382');
    assert.equal(normalizePersonalIdentityNumber('1985010123'), undefined);
    assert.equal(formatPersonalIdentityNumber('198501012382'), '19850101-2382');
  });
});
