/** The demo school-transport application's answers, shared by tests and the benchmarks (no imports). */

/** The answers of each step of the school-transport application, as the browser posts them. */
export function schoolTransportSteps(childName = 'Elsa'): [string, Record<string, string>][] {
  return [
    [
      'child',
      { childPersonalIdentityNumber: '201601022385', childName, school: 'sjoviksskolan', grade: '3' },
    ],
    ['need', { distanceKm: '7', reason: 'long-distance', hasSpecialNeeds: 'no' }],
    [
      'contact',
      {
        guardianEmail: 'anna@example.se',
        guardianPhone: '070-123 45 67',
        'homeAddress.street': 'Storgatan 1',
        'homeAddress.postalCode': '123 45',
        'homeAddress.city': 'Exempelstad',
      },
    ],
  ];
}
