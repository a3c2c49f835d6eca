import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conditionFieldIds,
  conditionHolds,
  firstStepId,
  isFieldVisible,
  isStepVisible,
  nextStepId,
  previousStepId,
  pruneHidden,
  visibleSteps,
} from './conditions.ts';
import type { Answers } from './definition.ts';
import { preschoolDefinition, TODAY } from './test-fixtures.ts';
import { validateAll, validateStep } from './validate-step.ts';

describe('conditionHolds', () => {
  const answers: Answers = { kind: 'garage', size: 30, urgent: false, extras: ['a', 'b'], note: '' };

  it('holds when there is no condition', () => {
    assert.equal(conditionHolds(undefined, {}), true);
  });

  it('compares equals strictly by type', () => {
    assert.equal(conditionHolds({ field: 'kind', equals: 'garage' }, answers), true);
    assert.equal(conditionHolds({ field: 'size', equals: 30 }, answers), true);
    assert.equal(conditionHolds({ field: 'size', equals: '30' }, answers), false);
    assert.equal(conditionHolds({ field: 'urgent', equals: false }, answers), true);
    assert.equal(conditionHolds({ field: 'missing', equals: false }, answers), false);
  });

  it('treats checkbox answers as "is ticked"', () => {
    assert.equal(conditionHolds({ field: 'extras', equals: 'b' }, answers), true);
    assert.equal(conditionHolds({ field: 'extras', in: ['x', 'a'] }, answers), true);
    assert.equal(conditionHolds({ field: 'extras', in: ['x'] }, answers), false);
  });

  it('supports in, notEmpty, all and any', () => {
    assert.equal(conditionHolds({ field: 'kind', in: ['shed', 'garage'] }, answers), true);
    assert.equal(conditionHolds({ field: 'kind', notEmpty: true }, answers), true);
    assert.equal(conditionHolds({ field: 'note', notEmpty: true }, answers), false);
    assert.equal(conditionHolds({ field: 'urgent', notEmpty: true }, answers), true, 'a "no" is an answer');
    const both = {
      all: [
        { field: 'kind', equals: 'garage' },
        { field: 'size', equals: 31 },
      ],
    };
    assert.equal(conditionHolds(both, answers), false);
    assert.equal(conditionHolds({ any: both.all }, answers), true);
  });

  it('lists the fields a condition refers to', () => {
    const condition = {
      all: [{ field: 'a', equals: 1 }, { any: [{ field: 'b', notEmpty: true as const }] }],
    };
    assert.deepEqual(conditionFieldIds(condition), ['a', 'b']);
  });
});

describe('conditional fields and steps', () => {
  const def = preschoolDefinition();

  it('shows a conditional field only when its condition holds', () => {
    assert.equal(isFieldVisible(def, 'allergies', { hasAllergies: true }), true);
    assert.equal(isFieldVisible(def, 'allergies', { hasAllergies: false }), false);
    assert.equal(isFieldVisible(def, 'allergies', {}), false);
    assert.equal(isFieldVisible(def, 'nope', {}), false);
  });

  it('shows a conditional step only when its condition holds', () => {
    const ids = (answers: Answers) => visibleSteps(def, answers).map((step) => step.id);
    assert.deepEqual(ids({}), ['child', 'care', 'contact']);
    assert.deepEqual(ids({ extras: ['evening'] }), ['child', 'care', 'evening', 'contact']);
    assert.equal(isStepVisible(def, 'evening', { extras: ['breakfast'] }), false);
  });

  it('navigates past hidden steps in both directions', () => {
    assert.equal(firstStepId(def, {}), 'child');
    assert.equal(nextStepId(def, 'care', {}), 'contact');
    assert.equal(nextStepId(def, 'care', { extras: ['evening'] }), 'evening');
    assert.equal(previousStepId(def, 'contact', {}), 'care');
    assert.equal(previousStepId(def, 'contact', { extras: ['evening'] }), 'evening');
    assert.equal(nextStepId(def, 'contact', {}), undefined, 'last step leads to check your answers');
    assert.equal(previousStepId(def, 'child', {}), undefined, 'first step leads back to the start page');
    assert.equal(nextStepId(def, 'unknown', {}), undefined);
  });

  it('navigates onwards from a step the latest answers have hidden', () => {
    assert.equal(nextStepId(def, 'evening', { extras: ['breakfast'] }), 'contact');
  });

  it('hides dependants of a field that is itself hidden, even with stale answers', () => {
    const chained = preschoolDefinition();
    chained.steps[0]?.fields.push({
      id: 'allergyPlan',
      type: 'yesNo',
      label: { sv: 'Finns en plan?', en: 'Is there a plan?' },
      showIf: { field: 'allergies', notEmpty: true },
      informationClass: { confidentiality: 1, personalData: 'none' },
    });
    const stale = { hasAllergies: false, allergies: 'Nötter', allergyPlan: true };
    assert.equal(isFieldVisible(chained, 'allergyPlan', stale), false);
    assert.deepEqual(pruneHidden(chained, stale), { hasAllergies: false });
  });
});

describe('pruneHidden', () => {
  const def = preschoolDefinition();

  it('drops answers of hidden fields, hidden steps and unknown ids', () => {
    const answers: Answers = {
      childName: 'Alva',
      hasAllergies: false,
      allergies: 'Nötter',
      extras: ['breakfast'],
      employerCertificate: [
        { attachmentId: 'a1', filename: 'intyg.pdf', contentType: 'application/pdf', sizeBytes: 10 },
      ],
      leftover: 'x',
    };
    assert.deepEqual(pruneHidden(def, answers), {
      childName: 'Alva',
      hasAllergies: false,
      extras: ['breakfast'],
    });
  });

  it('keeps answers of visible conditional fields and steps', () => {
    const answers: Answers = {
      hasAllergies: true,
      allergies: 'Nötter',
      extras: ['evening'],
      employerCertificate: [],
    };
    assert.deepEqual(pruneHidden(def, answers), answers);
  });
});

describe('validation skips hidden fields and steps', () => {
  const def = preschoolDefinition();
  const [child, , evening] = def.steps;

  it('does not require a hidden field', () => {
    assert.ok(child && evening);
    const base = { childName: 'Alva', childPin: '201601022385', startDate: TODAY, hasAllergies: false };
    assert.deepEqual(validateStep(def, child, base, { today: TODAY }), []);
    const shown = validateStep(def, child, { ...base, hasAllergies: true }, { today: TODAY });
    assert.deepEqual(
      shown.map((e) => e.fieldId),
      ['allergies'],
    );
    assert.deepEqual(validateStep(def, evening, {}, { today: TODAY }), []);
  });

  it('groups errors by visible step at submit', () => {
    const errors = validateAll(def, { extras: ['evening'] }, { today: TODAY });
    assert.deepEqual(Object.keys(errors), ['child', 'care', 'evening', 'contact']);
    assert.deepEqual(Object.keys(validateAll(def, { extras: ['breakfast'] }, { today: TODAY })), [
      'child',
      'care',
      'contact',
    ]);
  });
});
