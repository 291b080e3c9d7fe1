import { join } from 'node:path';
import { loadEnvironmentFile } from '../../cli/environments';
import { readSynthesizedStack } from '../model/read';
import { resolveSignIn, type SignInSpec } from './input';
import { personas } from './personas';
import { SAMPLE_DIR, synthStacks } from '../../__tests__/helpers/synth';
import { declaredFacts } from '../../environment/declared';

const environment = loadEnvironmentFile(join(SAMPLE_DIR, 'prod.yaml')).environment!;
const model = readSynthesizedStack(synthStacks().prod!, { declared: declaredFacts(environment) });
const base: SignInSpec = { user: 'member', app: 'All', client: 'browser', platform: 'windows' };
const problemsOf = (spec: SignInSpec) => resolveSignIn({ ...base, ...spec }, model).problems.map((p) => `${p.field}: ${p.message}`);

test('personas are bound to the environment: break-glass and sync accounts by object id, with their roles', () => {
  const byName = Object.fromEntries(personas(model).map((p) => [p.name, p.user]));
  expect(Object.keys(byName)).toEqual(['member', 'global-admin', 'guest', 'break-glass', 'break-glass-1', 'break-glass-2', 'sync-account', 'sync-account-1', 'sync-account-2']);
  expect(byName['break-glass']).toEqual({ id: 'b9000000-0000-4000-8000-000000000001', roles: ['62e90394-69f5-4237-9190-012177145e10'] });
  expect(byName['sync-account-2']).toEqual({ id: '5c000000-0000-4000-8000-000000000002', roles: ['d29b2b05-8046-44ba-8758-1e26182fcf32'] });
  expect(byName.guest).toMatchObject({ guestType: 'b2bCollaborationGuest' });
});

test('names resolve: app names, suites, user actions, group keys, role names; risk and flow default to none', () => {
  const r = resolveSignIn({ ...base, app: 'finance-erp', groups: ['factory-floor-kiosks', 'break_glass_exclusion'], roles: ['Security Administrator'] }, model);
  expect(r.signIn!.resource).toEqual({ kind: 'app', appId: 'a0000000-0000-4000-8000-00000000f001', suites: [] });
  expect(r.signIn!.user.groups).toEqual(['6f000000-0000-4000-8000-000000000001', 'azuread_group.break_glass_exclusion']);
  expect(r.signIn!.user.roles).toEqual(['194ae4cb-b126-40b2-bd5b-6091b380977d']);
  expect(r.signIn!.signInRisk).toBe('none');
  expect(r.assumed).toEqual(['signInRisk none (not given)', 'userRisk none (not given)', 'flow none (not given)']);
  expect(resolveSignIn({ ...base, app: '00000003-0000-0ff1-ce00-000000000000' }, model).signIn!.resource).toEqual({ kind: 'app', appId: '00000003-0000-0ff1-ce00-000000000000', suites: ['Office365'] });
  expect(resolveSignIn({ ...base, app: 'urn:user:registerdevice' }, model).signIn!.resource).toEqual({ kind: 'userAction', action: 'urn:user:registerdevice' });
  expect(resolveSignIn({ ...base, signInRisk: 'unknown', flow: 'unknown' }, model).signIn!.signInRisk).toBeUndefined();
});

test.each<[SignInSpec, string]>([
  [{ user: 'ceo' }, 'user: "ceo" is neither an object id (GUID) nor a persona; personas: member, global-admin, guest, break-glass,'],
  [{ app: 'sharepoint' }, 'app: "sharepoint" is not allowed; use an application (client) id, All (an app no policy names), Office365, MicrosoftAdminPortals, urn:user:registersecurityinfo, urn:user:registerdevice or an app name (azure-management, engineering-plm, engineering-wiki, finance-erp, finance-reporting, finance-treasury, hr-portal, partner-portal)'],
  [{ client: 'imap' }, 'client: "imap" is not allowed; use one of: browser | mobileAppsAndDesktopClients | exchangeActiveSync | other (IMAP, POP, SMTP and other legacy protocols are "other")'],
  [{ platform: 'ipad' }, 'platform: "ipad" is not allowed; use one of: android | iOS | windows | windowsPhone | macOS | linux | unknown'],
  [{ ip: '203.0.113.300' }, 'ip: "203.0.113.300" is not an IPv4 or IPv6 address'],
  [{ country: 'UK' }, 'country: "UK" is not an ISO 3166-1 alpha-2 code; use GB (the ISO 3166 code for the United Kingdom), or unknown for an address that maps to no country'],
  [{ device: 'managed' }, 'device: "managed" is not allowed; use one of: unregistered | registered | compliant | hybrid'],
  [{ device: 'registered', deviceProperties: { colour: 'red' } }, 'deviceProperties: "colour" is not a device property filters can use'],
  [{ device: 'registered', deviceProperties: { isCompliant: 'yes' } }, 'deviceProperties: isCompliant="yes" must be True or False'],
  [{ deviceProperties: { model: 'x' } }, 'deviceProperties: needs a device state as well (unregistered | registered | compliant | hybrid)'],
  [{ signInRisk: 'severe' }, 'signInRisk: "severe" is not allowed; use one of: none | low | medium | high | hidden | unknown'],
  [{ userRisk: 'High' }, 'userRisk: "High" is not allowed; use one of: none | low | medium | high | hidden | unknown'],
  [{ flow: 'qr' }, 'flow: "qr" is not allowed; use one of: none | deviceCodeFlow | authenticationTransfer | unknown'],
  [{ groups: ['finance'] }, 'groups: "finance" is neither an object id (GUID) nor a group of the environment (break_glass_exclusion, pim_conditional_access_administrator, pim_global_administrator, pim_hybrid_identity_administrator, pim_privileged_role_administrator, pim_security_administrator, wave_early-adopters, factory-floor-kiosks, hr-staff, engineering-staff, finance-staff, p2-licensed, it-staff)'],
  [{ roles: ['Global Admin'] }, 'roles: "Global Admin" is neither a role template id (GUID) nor a role name from core/microsoft/directory-roles.ts such as "Global Administrator"'],
  [{ guest: 'external' }, 'guest: "external" is not a guest or external user type; use one of: none | internalGuest | b2bCollaborationGuest'],
  [{ externalTenant: 'contoso' }, 'externalTenant: "contoso" is not a tenant id (GUID)'],
])('%j is refused with what is allowed', (spec, message) => {
  const problems = problemsOf(spec);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(message);
});

test('the required inputs are named', () => {
  expect(resolveSignIn({}, model).problems.map((p) => p.field)).toEqual(['user', 'app', 'client', 'platform']);
});
