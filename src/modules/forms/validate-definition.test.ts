import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceDefinition } from './definition.ts';
import schema from './service-definition.schema.json' with { type: 'json' };
import { preschoolDefinition } from './test-fixtures.ts';
import { validateDefinition } from './validate-definition.ts';

/** Validates a modified copy of the fixture and returns its errors (failing if it was accepted). */
function errorsOf(change: (def: ServiceDefinition & Record<string, unknown>) => void): string[] {
  const def = structuredClone(preschoolDefinition()) as ServiceDefinition & Record<string, unknown>;
  change(def);
  const result = validateDefinition(def);
  assert.equal(result.ok, false, 'expected the definition to be rejected');
  return result.ok ? [] : result.errors;
}

function assertError(errors: string[], expected: string): void {
  assert.ok(errors.includes(expected), `expected "${expected}" among:\n${errors.join('\n')}`);
}

// biome-ignore lint/suspicious/noExplicitAny: tests poke at invalid shapes on purpose
type Loose = any;

describe('validateDefinition', () => {
  it('accepts a valid definition and returns it typed', () => {
    const result = validateDefinition(preschoolDefinition());
    assert.deepEqual(result, { ok: true, definition: preschoolDefinition() });
  });

  it('rejects input that is not an object', () => {
    assert.deepEqual(validateDefinition('nope'), { ok: false, errors: ['/: must be object'] });
  });

  it('reports duplicate step and field ids', () => {
    const errors = errorsOf((def) => {
      (def.steps[1] as Loose).id = 'child';
      (def.steps[3] as Loose).fields[0].id = 'childName';
    });
    assertError(errors, '/steps/1/id: duplicate step id "child" (first used at /steps/0/id)');
    assertError(
      errors,
      '/steps/3/fields/0/id: duplicate field id "childName" (first used at /steps/0/fields/0/id)',
    );
  });

  it('reports a condition that refers to a later or unknown field', () => {
    const errors = errorsOf((def) => {
      (def.steps[0] as Loose).fields[0].showIf = { field: 'hours', equals: 3 };
      (def.steps[1] as Loose).showIf = { any: [{ field: 'nothing', notEmpty: true }] };
    });
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(
      errors[0] ?? '',
      /^\/steps\/0\/fields\/0\/showIf\/field: condition refers to "hours", which is not an earlier field/,
    );
    assert.match(errors[1] ?? '', /^\/steps\/1\/showIf\/any\/0\/field: .*"nothing", which does not exist/);
  });

  it('reports comparisons that can never match', () => {
    const errors = errorsOf((def) => {
      (def.steps[1] as Loose).fields[0].showIf = { field: 'hasAllergies', equals: 'yes' };
      (def.steps[2] as Loose).showIf = { field: 'extras', in: ['evenings'] };
    });
    assertError(
      errors,
      '/steps/1/fields/0/showIf/equals: "yes" can never match "hasAllergies", whose answers are booleans',
    );
    assertError(errors, '/steps/2/showIf/in: "evenings" is not an option value of "extras"');
  });

  it('reports unknown properties (typos)', () => {
    const errors = errorsOf((def) => {
      (def.steps[0] as Loose).fields[0].requierd = true;
      def.titel = 'x';
    });
    assertError(errors, '/: unknown property "titel"');
    assertError(errors, '/steps/0/fields/0: unknown property "requierd"');
  });

  it('reports properties that do not belong to the field type', () => {
    const errors = errorsOf((def) => {
      (def.steps[1] as Loose).fields[0].maxLength = 3;
    });
    assert.deepEqual(errors, ['/steps/1/fields/0: unknown property "maxLength"']);
  });

  it('reports a missing English text', () => {
    const errors = errorsOf((def) => {
      delete (def.steps[0] as Loose).fields[1].label.en;
    });
    assert.deepEqual(errors, ['/steps/0/fields/1/label: missing required property "en"']);
  });

  it('reports a pattern that does not compile', () => {
    const errors = errorsOf((def) => {
      (def.steps[0] as Loose).fields[0].pattern = '([a-z]+';
    });
    assert.equal(errors.length, 1);
    assert.match(
      errors[0] ?? '',
      /^\/steps\/0\/fields\/0\/pattern: not a valid JavaScript regular expression/,
    );
  });

  it('refuses a definition without its privacy declaration or with an old information class (issue #14)', () => {
    const errors = errorsOf((def) => {
      delete (def as Loose).privacy;
      (def.steps[0] as Loose).fields[0].informationClass = 'internal';
    });
    assert.ok(
      errors.some((e) => e === '/: missing required property "privacy"'),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.startsWith('/steps/0/fields/0/informationClass: must be object')),
      errors.join('\n'),
    );
    const halfDeclared = errorsOf((def) => {
      delete (def.privacy as Loose).legalBasis;
      (def.privacy as Loose).atRetentionEnd = 'shred';
    });
    assert.ok(
      halfDeclared.some((e) => e === '/privacy: missing required property "legalBasis"'),
      halfDeclared.join('\n'),
    );
    assert.ok(
      halfDeclared.some((e) => e.startsWith('/privacy/atRetentionEnd: must be one of')),
      halfDeclared.join('\n'),
    );
  });

  it('reports bad ids, durations and unknown field types with readable hints', () => {
    const errors = errorsOf((def) => {
      def.service = 'Förskola';
      def.retentionPeriod = '10 years';
      (def.steps[0] as Loose).fields[0].id = 'child-name';
      (def.steps[0] as Loose).fields[2].type = 'datetime';
    });
    assertError(errors, '/service: must contain only lowercase letters, digits and hyphens');
    assertError(errors, '/retentionPeriod: must be an ISO 8601 duration such as "P10Y" or "P6M"');
    assertError(
      errors,
      '/steps/0/fields/0/id: must be camelCase: a lowercase letter followed by letters and digits',
    );
    assert.ok(
      errors.some((e) => e.startsWith('/steps/0/fields/2/type: must be one of "text", "textarea"')),
      errors.join('\n'),
    );
  });

  it('reports a malformed condition once', () => {
    const errors = errorsOf((def) => {
      (def.steps[1] as Loose).showIf = { field: 'hasAllergies' };
    });
    assert.deepEqual(errors, [
      '/steps/1/showIf: must be a condition: {"field", "equals"}, {"field", "in"}, {"field", "notEmpty": true}, {"all": [...]} or {"any": [...]}',
    ]);
  });

  it('reports duplicate option values, min above max and misplaced prefill', () => {
    const errors = errorsOf((def) => {
      const care = def.steps[1] as Loose;
      care.fields[1].options[1].value = 'preschool';
      care.fields[0].min = 60;
      (def.steps[0] as Loose).fields[2].min = '2027-01-01';
      (def.steps[0] as Loose).fields[2].max = '2026-02-30';
      (def.steps[3] as Loose).fields[1].prefill = 'profile.email';
    });
    assertError(
      errors,
      '/steps/1/fields/1/options/1/value: duplicate option value "preschool" in field "careType"',
    );
    assertError(errors, '/steps/1/fields/0/min: min (60) is larger than max (50)');
    assertError(errors, '/steps/0/fields/2/max: "2026-02-30" is not a real date');
    assertError(
      errors,
      '/steps/3/fields/1/prefill: "profile.email" can only prefill a field of type "email", not "phone"',
    );
  });

  it('reports a required login without a level of assurance', () => {
    const errors = errorsOf((def) => {
      def.login = { required: true, minimumLevel: 'none' };
    });
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^\/login\/minimumLevel:/);
  });
});

describe('service-definition.schema.json', () => {
  it('lists the same base properties for every field type', () => {
    const defs = schema.$defs as Record<string, { properties?: Record<string, unknown> }>;
    const variants = [
      'textField',
      'numberField',
      'dateField',
      'simpleField',
      'choiceField',
      'checkboxesField',
      'fileField',
    ];
    const base = [
      'id',
      'type',
      'label',
      'help',
      'requiredMessage',
      'required',
      'showIf',
      'informationClass',
      'prefill',
    ];
    for (const name of variants) {
      const keys = Object.keys(defs[name]?.properties ?? {});
      assert.deepEqual(keys.slice(0, base.length), base, name);
    }
  });
});

describe('demo definitions', () => {
  it('every e-service definition in demo/services validates', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(import.meta.dirname, '../../../demo/services');
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
    assert.ok(files.length >= 4);
    for (const file of files) {
      const result = validateDefinition(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
      assert.deepEqual(result.ok ? [] : result.errors, [], file);
    }
  });
});
