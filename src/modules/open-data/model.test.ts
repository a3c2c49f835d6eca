/**
 * Open data's pure rules (issue #12): suppression of small counts, including the secondary
 * suppression that keeps a total from giving a hidden count back by subtraction (property-tested
 * with fast-check, the attacker's search done by brute force), the CSV form, the coarse place, the
 * publisher checks and the shape of the DCAT graph.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ALL_SERVICES,
  caseStatisticsTable,
  type MonthlyFigures,
  type ServiceFacts,
} from './dataset-model.ts';
import { catalogueQuads } from './dcat-model.ts';
import { toCsv } from './format-model.ts';
import {
  CC0,
  type Cell,
  checkPublisherInput,
  coarseCell,
  DATASET_IDS,
  SUPPRESSION_THRESHOLD,
  shareWithinTarget,
  suppressGroup,
} from './model.ts';

/** Every part vector an attacker cannot rule out, given what a group published (parts up to `max`). */
function consistentVectors(published: { parts: Cell[]; total: Cell }, max: number): number[][] {
  const choices = published.parts.map((cell) =>
    cell.suppressed
      ? Array.from({ length: SUPPRESSION_THRESHOLD }, (_, value) => value)
      : [cell.value as number],
  );
  const vectors: number[][] = [[]];
  for (const options of choices) {
    const next = vectors.splice(0).flatMap((vector) => options.map((value) => [...vector, value]));
    vectors.push(...next);
  }
  return vectors.filter((vector) => {
    const sum = vector.reduce((a, b) => a + b, 0);
    if (published.total.suppressed === 'small') return sum < SUPPRESSION_THRESHOLD;
    if (published.total.suppressed === 'complementary') return sum >= SUPPRESSION_THRESHOLD;
    return sum === published.total.value && vector.every((value) => value <= max);
  });
}

const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 200 }));

describe('suppression', () => {
  test('no published count is under 5, and a total is published only when every part is', () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), (parts) => {
        const { parts: cells, total } = suppressGroup(parts);
        for (const cell of [...cells, total])
          if (!cell.suppressed) assert.ok((cell.value as number) >= SUPPRESSION_THRESHOLD);
        if (!total.suppressed) {
          assert.ok(cells.every((cell) => !cell.suppressed));
          assert.equal(
            total.value,
            parts.reduce((a, b) => a + b, 0),
          );
        }
      }),
    );
  });

  test('no hidden count can be worked out by subtracting the published parts from the total', () => {
    const part = fc.integer({ min: 0, max: 9 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const published = suppressGroup(parts);
        const vectors = consistentVectors(published, 9);
        assert.ok(
          vectors.some((vector) => vector.every((value, index) => value === parts[index])),
          'the truth is among them',
        );
        published.parts.forEach((cell, index) => {
          if (!cell.suppressed) return;
          const possible = new Set(vectors.map((vector) => vector[index]));
          assert.ok(possible.size >= 2, `part ${index} of ${parts.join(',')} is pinned to ${[...possible]}`);
        });
      }),
      { numRuns: 300 },
    );
  });

  test('the classic attack: 12 + a hidden 3 = a published 15 is refused by hiding the total', () => {
    const { parts, total } = suppressGroup([12, 3]);
    assert.deepEqual(parts, [{ value: 12 }, { value: null, suppressed: 'small' }]);
    assert.deepEqual(total, { value: null, suppressed: 'complementary' });
    assert.deepEqual(suppressGroup([12, 30]).total, { value: 42 });
    assert.deepEqual(suppressGroup([0, 0]).total, { value: null, suppressed: 'small' });
  });

  test('a share within target is published only when both counts behind it are 5 or more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (within, late) => {
        const cell = shareWithinTarget(within + late, within);
        if (!cell.suppressed) {
          assert.ok(within >= 5 && late >= 5);
          assert.equal(cell.value, Math.round((within / (within + late)) * 100));
        }
      }),
    );
    assert.deepEqual(shareWithinTarget(12, 12), { value: null, suppressed: 'complementary' });
  });

  test('case statistics: every month’s counts and totals follow the rule', () => {
    const services: ServiceFacts[] = ['a', 'b', 'c'].map((slug) => ({
      serviceId: `id-${slug}`,
      slug,
      title: { sv: slug, en: slug },
      summary: { sv: '', en: '' },
      loginRequired: false,
      targetDays: slug === 'c' ? null : 10,
      url: '',
    }));
    const figure = fc.record({
      serviceId: fc.constantFrom('id-a', 'id-b', 'id-c'),
      month: fc.constantFrom('2026-01', '2026-02'),
      received: count,
      decided: count,
      medianDays: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
      withinTarget: fc.option(count),
    });
    fc.assert(
      fc.property(fc.uniqueArray(figure, { selector: (f) => `${f.serviceId} ${f.month}` }), (figures) => {
        const table = caseStatisticsTable(services, figures as MonthlyFigures[], ['2026-01', '2026-02']);
        assert.equal(table.rows.length, 8);
        for (const month of ['2026-01', '2026-02']) {
          const rows = table.rows.filter((row) => row.month?.value === month);
          const total = rows.find((row) => row.service?.value === ALL_SERVICES);
          for (const column of ['received', 'decided']) {
            for (const row of rows) {
              const cell = row[column] as Cell;
              if (!cell.suppressed) assert.ok((cell.value as number) >= 5);
            }
            if (!total?.[column]?.suppressed)
              assert.ok(
                rows.every((row) => !row[column]?.suppressed),
                `${month} ${column}`,
              );
          }
        }
      }),
    );
  });
});

describe('published forms', () => {
  test('CSV marks suppressed cells, quotes separators and never starts a field with a formula', () => {
    const table = {
      columns: [
        { name: 'name', title: { sv: 'Namn', en: 'Name' } },
        { name: 'count', title: { sv: 'Antal', en: 'Count' } },
      ],
      rows: [
        { name: { value: 'Gator, parker' }, count: { value: null, suppressed: 'small' as const } },
        { name: { value: '=SUM(A1)' }, count: { value: null, suppressed: 'complementary' as const } },
        { name: { value: 'Säg "hej"' }, count: { value: 7 } },
      ],
    };
    assert.equal(toCsv(table), 'name,count\r\n"Gator, parker",<5\r\n"=SUM(A1)",..\r\n"Säg ""hej""",7\r\n');
  });

  test('a place is snapped to the centre of its ~1 km square', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 55, max: 69, noNaN: true }),
        fc.double({ min: 10, max: 24, noNaN: true }),
        (lat, lon) => {
          const cell = coarseCell(lat, lon);
          assert.ok(Math.abs(cell.latitude - lat) <= 0.005 + 1e-6);
          assert.ok(Math.abs(cell.longitude - lon) <= 0.01 + 1e-6);
          assert.deepEqual(coarseCell(cell.latitude, cell.longitude), cell);
        },
      ),
    );
  });

  test('publisher settings: URI, organisation number (Luhn), contact', () => {
    const ok = checkPublisherInput({
      datasets: ['arendestatistik', 'okand'],
      publisherUri: ' https://exempelstad.example/ ',
      organisationNumber: '2120009994',
      contactName: 'Öppna data',
      contactEmail: 'oppnadata@exempelstad.example',
    });
    assert.deepEqual('ok' in ok && ok.ok.datasets, ['arendestatistik']);
    assert.equal('ok' in ok && ok.ok.organisationNumber, '212000-9994');
    const refused = checkPublisherInput({
      datasets: [],
      publisherUri: 'ftp://x',
      organisationNumber: '212000-9995',
      contactName: '',
      contactEmail: 'a@b',
    });
    assert.deepEqual(
      'errors' in refused && refused.errors.map((error) => `${error.field}:${error.message}`),
      [
        'publisherUri:invalidUri',
        'organisationNumber:invalidOrganisationNumber',
        'contactName:required',
        'contactEmail:invalidEmail',
      ],
    );
  });

  test('the DCAT graph: one catalogue, each dataset with a CSV and a JSON distribution, no duplicates', () => {
    const quads = catalogueQuads({
      root: 'https://ingang.example/exempelstad/oppna-data',
      tenantName: 'Exempelstads kommun',
      settings: {
        datasets: [...DATASET_IDS],
        publisherUri: 'https://exempelstad.example/',
        organisationNumber: '212000-9994',
        contactName: 'Öppna data',
        contactEmail: 'oppnadata@exempelstad.example',
        licenceUri: CC0,
      },
      modified: new Date('2026-03-01T00:00:00Z'),
      issued: new Date('2026-01-01T00:00:00Z'),
    });
    const typed = (type: string) =>
      quads.filter((q) => q.predicate.value.endsWith('#type') && q.object.value === type).length;
    assert.equal(typed('http://www.w3.org/ns/dcat#Catalog'), 1);
    assert.equal(typed('http://www.w3.org/ns/dcat#Dataset'), DATASET_IDS.length);
    assert.equal(typed('http://www.w3.org/ns/dcat#Distribution'), DATASET_IDS.length * 2);
    const keys = quads.map((q) => `${q.subject.id} ${q.predicate.id} ${q.object.id}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});
