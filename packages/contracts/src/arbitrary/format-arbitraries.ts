import fc from 'fast-check';

const dates = fc.date({
  min: new Date('1970-01-01T00:00:00.000Z'),
  max: new Date('2100-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

/** Values of the string formats ajv-formats asserts; `undefined` for a format it does not know (any string then). */
export function formatArbitrary(format: string): fc.Arbitrary<unknown> | undefined {
  switch (format) {
    case 'date-time':
      return dates.map((date) => date.toISOString());
    case 'date':
      return dates.map((date) => date.toISOString().slice(0, 10));
    case 'time':
      return dates.map((date) => `${date.toISOString().slice(11, 19)}Z`);
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'uri-reference':
      return fc.oneof(fc.webUrl(), fc.webPath());
    case 'hostname':
      return fc.domain();
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'duration':
      return fc.tuple(fc.nat(30), fc.nat(23)).map(([days, hours]) => `P${days}DT${hours}H`);
    default:
      return undefined;
  }
}
