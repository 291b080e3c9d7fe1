import { compileDeviceFilter, DeviceFilterError, parseDeviceFilter } from './device-filter';
import { deviceView, type DeviceInput } from './signin';

const run = (rule: string, device: DeviceInput | undefined) => compileDeviceFilter(parseDeviceFilter(rule))(deviceView(device));

function errorOf(rule: string): string {
  try {
    parseDeviceFilter(rule);
  } catch (e) {
    if (e instanceof DeviceFilterError) return e.message;
    throw e;
  }
  throw new Error(`expected ${rule} to be rejected`);
}

describe('grammar', () => {
  test('precedence: comparison, then -not, then -and, then -or', () => {
    expect(parseDeviceFilter('device.model -eq "a" -or device.model -eq "b" -and -not device.manufacturer -eq "c"')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'cmp', property: 'model', operator: '-eq', values: ['a'] },
        {
          kind: 'and',
          operands: [
            { kind: 'cmp', property: 'model', operator: '-eq', values: ['b'] },
            { kind: 'not', operand: { kind: 'cmp', property: 'manufacturer', operator: '-eq', values: ['c'] } },
          ],
        },
      ],
    });
  });

  test('parentheses override precedence', () => {
    const registered = (model: string, manufacturer: string): DeviceInput => ({ state: 'registered', properties: { model, manufacturer } });
    const rule = '(device.model -eq "a" -or device.model -eq "b") -and device.manufacturer -eq "c"';
    expect(run(rule, registered('a', 'x'))).toBe(false);
    expect(run('device.model -eq "a" -or device.model -eq "b" -and device.manufacturer -eq "c"', registered('a', 'x'))).toBe(true);
    expect(run(rule, registered('b', 'c'))).toBe(true);
  });

  test('operators, property names and values are case-insensitive; lists for -in and -notIn', () => {
    const dev: DeviceInput = { state: 'registered', properties: { operatingSystem: 'Windows', model: 'Surface Laptop 5' } };
    expect(run('DEVICE.OperatingSystem -EQ "windows"', dev)).toBe(true);
    expect(run('device.model -startsWith "surface"', dev)).toBe(true);
    expect(run('device.model -endsWith "LAPTOP 5"', dev)).toBe(true);
    expect(run('device.model -contains "laptop"', dev)).toBe(true);
    expect(run('device.model -notContains "laptop"', dev)).toBe(false);
    expect(run('device.model -in ["Surface Pro", "surface laptop 5"]', dev)).toBe(true);
    expect(run('device.model -notIn ["Surface Pro", "surface laptop 5"]', dev)).toBe(false);
    expect(run('device.model -notStartsWith "iPad" -and device.model -notEndsWith "4"', dev)).toBe(true);
  });

  test('collections match whole elements with -contains', () => {
    const dev: DeviceInput = { state: 'registered', properties: { systemLabels: ['AzureResource', 'M365Managed'] } };
    expect(run('device.systemLabels -contains "m365managed"', dev)).toBe(true);
    expect(run('device.systemLabels -contains "M365"', dev)).toBe(false);
  });
});

describe('null semantics', () => {
  test('an unregistered device: positive operators are false, negative operators are true', () => {
    const unregistered: DeviceInput = { state: 'unregistered' };
    for (const rule of ['device.model -eq "x"', 'device.model -startsWith "x"', 'device.model -endsWith "x"', 'device.model -contains "x"', 'device.model -in ["x"]', 'device.isCompliant -eq True']) {
      expect([rule, run(rule, unregistered)]).toEqual([rule, false]);
    }
    for (const rule of ['device.model -ne "x"', 'device.model -notStartsWith "x"', 'device.model -notEndsWith "x"', 'device.model -notContains "x"', 'device.model -notIn ["x"]', 'device.isCompliant -ne True']) {
      expect([rule, run(rule, unregistered)]).toEqual([rule, true]);
    }
    // -not of a positive operator on null is true: the negation is applied after the null rule.
    expect(run('-not device.model -eq "x"', unregistered)).toBe(true);
  });

  test('extension attributes are null unless the device is compliant or hybrid joined', () => {
    const props = { extensionAttribute3: 'Finance' };
    expect(run('device.extensionAttribute3 -eq "finance"', { state: 'registered', properties: props })).toBe(false);
    expect(run('device.extensionAttribute3 -ne "finance"', { state: 'registered', properties: props })).toBe(true);
    expect(run('device.extensionAttribute3 -eq "finance"', { state: 'hybrid', properties: props })).toBe(true);
    expect(run('device.extensionAttribute3 -eq "finance"', { state: 'compliant', properties: props })).toBe(true);
  });

  test('a property the sign-in does not know is undecided, and Kleene logic keeps what is decided', () => {
    const registered: DeviceInput = { state: 'registered' };
    expect(run('device.model -eq "x"', registered)).toBeUndefined();
    expect(run('device.model -eq "x" -and device.trustType -eq "ServerAD"', registered)).toBe(false);
    expect(run('device.model -eq "x" -or device.trustType -eq "Workplace"', registered)).toBe(true);
    expect(run('device.model -eq "x"', undefined)).toBeUndefined();
  });

  test('states imply isCompliant and trustType unless given', () => {
    expect(run('device.trustType -eq "ServerAD"', { state: 'hybrid' })).toBe(true);
    expect(run('device.isCompliant -eq True', { state: 'compliant' })).toBe(true);
    expect(run('device.isCompliant -eq False', { state: 'registered' })).toBe(true);
    expect(run('device.trustType -eq "AzureAD"', { state: 'compliant', properties: { trustType: 'AzureAD' } })).toBe(true);
    expect(run('device.isCompliant -eq True', { state: 'hybrid' })).toBeUndefined();
  });
});

describe('errors say where and what is allowed', () => {
  test.each([
    ['device.colour -eq "red"', 'at character 1: device.colour is not a device property filters can use; use one of: deviceId, mdmAppId, displayName'],
    ['device.model -like "x"', 'at character 14: expected an operator after device.model, found "-like"; use one of: -eq -ne -startsWith'],
    ['device.isCompliant -contains "True"', 'at character 20: device.isCompliant does not support -contains; it supports -eq -ne'],
    ['device.model -eq "x', 'at character 18: the string that starts here is not closed with "'],
    ['(device.model -eq "x"', 'at character 22: expected ")" to close the "(" at character 1, found the end of the rule'],
    ['device.model -eq "x" device.model -eq "y"', 'at character 22: expected -and, -or or the end of the rule, found "device.model"'],
    ['device.model -in "x"', 'at character 18: -in needs a list such as ["a", "b"], found "x"'],
    ['device.model -eq', 'at character 17: expected a value ("text", True or False), found the end of the rule'],
    ['-and device.model -eq "x"', 'at character 1: expected device.<property>, "(" or -not, found "-and"'],
  ])('%s', (rule, message) => {
    expect(errorOf(rule)).toContain(message);
  });

  test('a rule longer than Conditional Access allows is refused', () => {
    expect(errorOf(`device.model -eq "${'x'.repeat(3100)}"`)).toContain('the rule is 3119 characters long; Conditional Access allows 3072');
  });
});

describe('rules from a real Graph export (j0eyv/ConditionalAccessBaseline, MIT)', () => {
  // Exclude-mode filters that exempt corporate or compliant devices from an unmanaged-device policy.
  const either = 'device.deviceOwnership -eq "Company" -or device.isCompliant -eq True';
  const both = 'device.isCompliant -eq True -and device.deviceOwnership -eq "Company"';

  test('parse, and never match an unregistered device (so an exclude filter keeps it in scope)', () => {
    expect(run(either, { state: 'unregistered' })).toBe(false);
    expect(run(both, { state: 'unregistered' })).toBe(false);
  });

  test('a compliant personal device matches the OR rule but not the AND rule', () => {
    const dev: DeviceInput = { state: 'compliant', properties: { deviceOwnership: 'Personal' } };
    expect(run(either, dev)).toBe(true);
    expect(run(both, dev)).toBe(false);
    expect(run(both, { state: 'compliant', properties: { deviceOwnership: 'company' } })).toBe(true);
  });
});
