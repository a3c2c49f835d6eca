/**
 * Importing a fault report definition (issue #11): the demo's is accepted, and every mistake in
 * `faultReport` or in a workflow without decisions is refused with a message naming the place.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import felanmalan from '../../../demo/services/felanmalan.json' with { type: 'json' };
import type { ServiceDefinition } from './definition.ts';
import { shortDurationMs } from './duration.ts';
import { validateDefinition } from './validate-definition.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests poke at invalid shapes on purpose
type Loose = any;

function errorsOf(change: (def: Loose) => void): string[] {
  const def = structuredClone(felanmalan) as Loose;
  change(def);
  const result = validateDefinition(def);
  assert.equal(result.ok, false, 'expected the definition to be rejected');
  return result.ok ? [] : result.errors;
}

function assertError(errors: string[], expected: string): void {
  assert.ok(errors.includes(expected), `expected "${expected}" among:\n${errors.join('\n')}`);
}

describe('fault report definitions', () => {
  it('accepts the demo felanmälan', () => {
    const result = validateDefinition(felanmalan);
    assert.equal(result.ok, true, result.ok ? '' : result.errors.join('\n'));
    assert.equal(
      (result as { definition: ServiceDefinition }).definition.caseHandling?.formalDecision,
      false,
    );
  });

  it('names fields that do not exist or have the wrong type', () => {
    const errors = errorsOf((def) => {
      def.faultReport.categoryField = 'description';
      def.faultReport.locationField = 'where';
      def.faultReport.contactEmailField = 'contactPhone';
    });
    assertError(
      errors,
      '/faultReport/categoryField: "description" must be a radio or select field, not textarea',
    );
    assertError(errors, '/faultReport/locationField: unknown field "where"');
    assertError(errors, '/faultReport/contactEmailField: "contactPhone" must be a email field, not phone');
  });

  it('needs exactly one category per option of the category field, with known statuses', () => {
    const errors = errorsOf((def) => {
      def.faultReport.categories = def.faultReport.categories.filter((c: Loose) => c.code !== 'other');
      def.faultReport.categories.push({ code: 'potholes' }, { code: 'graffiti' });
      def.faultReport.categories[0].statusTexts.repaired = { sv: 'Lagad', en: 'Repaired' };
    });
    assertError(errors, '/faultReport/categories: no category for the option(s) "other"');
    assertError(errors, '/faultReport/categories/6/code: "potholes" is not an option of "category"');
    assertError(errors, '/faultReport/categories/7/code: duplicate category "graffiti"');
    assertError(errors, '/faultReport/categories/0/statusTexts: unknown status "repaired"');
  });

  it('checks the fixed and reopen statuses', () => {
    const errors = errorsOf((def) => {
      def.faultReport.fixedStatus = 'inProgress';
      def.faultReport.reopenStatus = 'closed';
    });
    assertError(errors, '/faultReport/fixedStatus: "inProgress" must be of category "decided" or "closed"');
    assertError(errors, '/faultReport/reopenStatus: "closed" must be of category "received" or "inProgress"');
    const unknown = errorsOf((def) => {
      def.faultReport.fixedStatus = 'repaired';
    });
    assertError(unknown, '/faultReport/fixedStatus: unknown status "repaired"');
  });

  it('takes durations in weeks, days, hours or minutes only', () => {
    const errors = errorsOf((def) => {
      def.faultReport.notFixedWindow = 'P1M';
      def.faultReport.categories[0].targetTime = 'five days';
    });
    const duration =
      'must be an ISO 8601 duration in weeks, days, hours or minutes, such as "P5D", "P2W" or "PT12H"';
    assertError(errors, `/faultReport/notFixedWindow: ${duration}`);
    assertError(errors, `/faultReport/categories/0/targetTime: ${duration}`);
  });

  it('a fixed status of category "decided" needs a workflow without formal decisions', () => {
    const errors = errorsOf((def) => {
      def.caseHandling.formalDecision = undefined;
    });
    assertError(
      errors,
      '/faultReport/fixedStatus: "fixed" is a decision status; declare "formalDecision": false in caseHandling',
    );
  });

  it('a workflow without formal decisions needs no decided or waiting status, but cannot propose decisions', () => {
    const withoutWaiting = structuredClone(felanmalan) as Loose;
    withoutWaiting.caseHandling.statuses = withoutWaiting.caseHandling.statuses.filter(
      (status: Loose) => status.category !== 'waitingForResident',
    );
    for (const status of withoutWaiting.caseHandling.statuses)
      status.next = status.next.filter((id: string) => id !== 'completionRequested');
    assert.equal(validateDefinition(withoutWaiting).ok, true);
    const errors = errorsOf((def) => {
      def.decisionSupport = {
        model: '<definitions/>',
        decision: 'd',
        inputs: { kategori: 'category' },
        outcomes: { ja: 'granted' },
        legalBasis: 'x',
      };
    });
    assertError(
      errors,
      '/decisionSupport: a workflow without formal decisions ("formalDecision": false) cannot propose one',
    );
  });
});

describe('short durations', () => {
  it('reads weeks, days, hours and minutes, and refuses calendar units', () => {
    const hour = 3600_000;
    assert.equal(shortDurationMs('P14D'), 14 * 24 * hour);
    assert.equal(shortDurationMs('P2W'), 14 * 24 * hour);
    assert.equal(shortDurationMs('P1DT12H'), 36 * hour);
    assert.equal(shortDurationMs('PT90M'), 1.5 * hour);
    for (const text of ['P1M', 'P1Y', 'P', 'PT', '14D', 'P-1D', 'P1.5D'])
      assert.equal(shortDurationMs(text), undefined);
  });
});
