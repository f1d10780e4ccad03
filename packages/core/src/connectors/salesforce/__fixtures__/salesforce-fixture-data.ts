/** A field as the fixture's sobject describe lists it (the subset of Salesforce's DescribeFieldResult we use). */
export interface FixtureField {
  readonly name: string;
  /** Salesforce field type as describe spells it: `id`, `string`, `currency`, `datetime`, `address`, ... */
  readonly type: string;
  readonly nillable: boolean;
  readonly label: string;
}

/** Field values of one record; date-times as ISO instants (`Z`), formatted the Salesforce way on output. */
export type FixtureRecord = Record<string, string | number | boolean | null | Record<string, unknown>>;

/** One object of the fixture org. */
export interface FixtureObject {
  readonly name: string;
  readonly label: string;
  readonly custom: boolean;
  readonly queryable: boolean;
  readonly fields: readonly FixtureField[];
  readonly records: FixtureRecord[];
}

const field = (name: string, type: string, nillable = true, label = name): FixtureField => ({
  name,
  type,
  nillable,
  label,
});

const system = [
  field('Id', 'id', false, 'Record ID'),
  field('IsDeleted', 'boolean', false, 'Deleted'),
  field('SystemModstamp', 'datetime', false, 'System Modstamp'),
];

/**
 * Opportunities of the fixture org. Three share one SystemModstamp (a bulk update), so checkpoints cut
 * through a tie; one is deleted (only `queryAll` returns it).
 */
export function opportunities(): FixtureRecord[] {
  const row = (
    n: number,
    stamp: string,
    stage: string,
    amount: number | null,
    closeDate: string,
    extra: Partial<FixtureRecord> = {},
  ): FixtureRecord => ({
    Id: `006000000000${String(n).padStart(3, '0')}AAA`,
    IsDeleted: false,
    SystemModstamp: stamp,
    Name: `Deal ${n}`,
    AccountId: '001000000000001AAA',
    StageName: stage,
    Amount: amount,
    CloseDate: closeDate,
    IsClosed: stage === 'Closed Won' || stage === 'Closed Lost',
    IsWon: stage === 'Closed Won',
    Probability: stage === 'Closed Won' ? 100 : stage === 'Closed Lost' ? 0 : 40,
    ...extra,
  });
  return [
    row(1, '2023-12-01T09:00:00.000Z', 'Closed Won', 1200, '2023-12-01'),
    row(2, '2023-12-01T09:00:00.000Z', 'Closed Won', 800.5, '2023-12-01'),
    row(3, '2023-12-01T09:00:00.000Z', 'Prospecting', 5000, '2024-02-15'),
    row(4, '2023-12-02T10:30:00.250Z', 'Closed Lost', 300, '2023-12-02'),
    row(5, '2023-12-03T08:00:00.000Z', 'Negotiation', 2500, '2024-01-20'),
    row(6, '2023-12-04T12:00:00.000Z', 'Closed Won', 450, '2023-12-04', { IsDeleted: true }),
    row(7, '2023-12-05T16:45:00.000Z', 'Closed Won', 999.99, '2023-12-03'),
    row(8, '2023-12-06T07:15:00.000Z', 'Prospecting', null, '2024-03-01'),
  ];
}

/** The objects of the fixture org: the three standard ones, a custom one, and objects the connector must skip. */
export function fixtureObjects(): FixtureObject[] {
  return [
    {
      name: 'Opportunity',
      label: 'Opportunity',
      custom: false,
      queryable: true,
      fields: [
        ...system,
        field('Name', 'string', false),
        field('AccountId', 'reference'),
        field('StageName', 'picklist', false),
        field('Amount', 'currency'),
        field('CloseDate', 'date', false),
        field('IsClosed', 'boolean', false),
        field('IsWon', 'boolean', false),
        field('Probability', 'percent'),
      ],
      records: opportunities(),
    },
    {
      name: 'Account',
      label: 'Account',
      custom: false,
      queryable: true,
      fields: [
        ...system,
        field('Name', 'string', false),
        field('Industry', 'picklist'),
        field('AnnualRevenue', 'currency'),
        field('NumberOfEmployees', 'int'),
        // A compound field: SOQL returns it as an object, so the connector leaves it out.
        field('BillingAddress', 'address'),
      ],
      records: [
        {
          Id: '001000000000001AAA',
          IsDeleted: false,
          SystemModstamp: '2023-11-20T08:00:00.000Z',
          Name: 'Blue Bottle Roasters',
          Industry: 'Food & Beverage',
          AnnualRevenue: 1_250_000,
          NumberOfEmployees: 42,
          BillingAddress: { city: 'Berlin', country: 'DE' },
        },
        {
          Id: '001000000000002AAA',
          IsDeleted: false,
          SystemModstamp: '2023-11-21T08:00:00.000Z',
          Name: 'Corner Bakery',
          Industry: null,
          AnnualRevenue: null,
          NumberOfEmployees: 7,
          BillingAddress: null,
        },
      ],
    },
    {
      name: 'Order',
      label: 'Order',
      custom: false,
      queryable: true,
      fields: [
        ...system,
        field('OrderNumber', 'string', false),
        field('AccountId', 'reference', false),
        field('Status', 'picklist', false),
        field('EffectiveDate', 'date', false),
        field('TotalAmount', 'currency', false),
      ],
      records: [
        {
          Id: '801000000000001AAA',
          IsDeleted: false,
          SystemModstamp: '2023-12-01T11:00:00.000Z',
          OrderNumber: '00000100',
          AccountId: '001000000000001AAA',
          Status: 'Activated',
          EffectiveDate: '2023-12-01',
          TotalAmount: 310.4,
        },
      ],
    },
    {
      name: 'Invoice__c',
      label: 'Invoice',
      custom: true,
      queryable: true,
      fields: [
        ...system,
        field('Name', 'string', false),
        field('Amount__c', 'currency'),
        field('Paid__c', 'boolean', false),
        field('DueDate__c', 'date'),
      ],
      records: [
        {
          Id: 'a00000000000001AAA',
          IsDeleted: false,
          SystemModstamp: '2023-12-02T13:00:00.000Z',
          Name: 'INV-0001',
          Amount__c: 120,
          Paid__c: true,
          DueDate__c: '2023-12-31',
        },
      ],
    },
    { name: 'Contact', label: 'Contact', custom: false, queryable: true, fields: system, records: [] },
    { name: 'AuditTrail__c', label: 'Audit trail', custom: true, queryable: false, fields: system, records: [] },
  ];
}
