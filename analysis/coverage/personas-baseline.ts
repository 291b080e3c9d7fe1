/**
 * Generated persona-based Conditional Access sets of any size, built the way the public Zero
 * Trust persona framework builds them: one group per persona (Global, Admins, Internals,
 * Externals, Guests, GuestAdmins, service accounts, Developers), per persona the same kinds of
 * policy (base protection, identity protection, attack surface reduction, compliance, data and
 * app protection), every policy excluding the break-glass group and its own exclusion group.
 * Past the framework's set, app-specific policies fill the count. For the benchmark of the
 * coverage proof (`npm run bench`) and its tests: deterministic, pure, no synth.
 */
import { BREAK_GLASS_GROUP, TF } from '../../core/addresses';
import type { GraphBody } from '../../core/graph-json';
import { BUILT_IN_STRENGTHS } from '../../core/microsoft/well-known';
import { policyModelOf } from '../adoption/model';
import { readSynthesizedStack } from '../model/read';
import type { EnvironmentModel, PolicyModel } from '../model/types';

const PERSONAS = ['Global', 'Admins', 'Internals', 'Externals', 'Guests', 'GuestAdmins', 'M365ServiceAccounts', 'AzureServiceAccounts', 'CorpServiceAccounts', 'Developers'] as const;

const hex = (n: number, width = 12) => n.toString(16).padStart(width, '0');
const personaGroup = (k: number) => `9a000000-0000-4000-8000-${hex(k)}`;
const exclusionGroup = (n: number) => `9e000000-0000-4000-8000-${hex(n)}`;
const appId = (k: number) => `a9000000-0000-4000-8000-${hex(k)}`;
const TRUSTED = `${TF.namedLocation}.corp`;

type Template = (persona: number) => GraphBody;

const users = (persona: number, n: number): GraphBody => {
  const exclude = { excludeGroups: [`${TF.group}.${BREAK_GLASS_GROUP}`, exclusionGroup(n)] };
  if (PERSONAS[persona] === 'Global') return { includeUsers: ['All'], ...exclude };
  if (PERSONAS[persona] === 'Guests') return { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider', externalTenants: { membershipKind: 'all' } }, ...exclude };
  return { includeGroups: [personaGroup(persona)], ...exclude };
};

const TEMPLATES: readonly { readonly name: string; readonly body: Template }[] = [
  {
    name: 'BaseProtection-AllApps-AnyPlatform-MFA',
    body: (p): GraphBody => (PERSONAS[p] === 'Admins' || PERSONAS[p] === 'GuestAdmins' ? { grantControls: { operator: 'OR', authenticationStrength: { id: BUILT_IN_STRENGTHS['phishing-resistant'].id } } } : { grantControls: { operator: 'OR', builtInControls: ['mfa'] } }),
  },
  { name: 'IdentityProtection-AllApps-AnyPlatform-HighSignInRisk-Block', body: () => ({ conditions: { signInRiskLevels: ['high'] }, grantControls: { operator: 'OR', builtInControls: ['block'] } }) },
  { name: 'IdentityProtection-AllApps-AnyPlatform-MediumSignInRisk-MFA', body: () => ({ conditions: { signInRiskLevels: ['medium'] }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } }) },
  { name: 'IdentityProtection-AllApps-AnyPlatform-HighUserRisk-PasswordChange', body: () => ({ conditions: { userRiskLevels: ['high'] }, grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } }) },
  { name: 'AttackSurfaceReduction-AllApps-AnyPlatform-LegacyAuth-Block', body: () => ({ conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] }, grantControls: { operator: 'OR', builtInControls: ['block'] } }) },
  {
    name: 'AttackSurfaceReduction-AllApps-UnknownPlatforms-Block',
    body: () => ({ conditions: { platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'macOS', 'linux'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } }),
  },
  { name: 'AttackSurfaceReduction-AllApps-DeviceCodeFlow-Block', body: () => ({ conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow' } }, grantControls: { operator: 'OR', builtInControls: ['block'] } }) },
  { name: 'Compliance-AllApps-Windows-CompliantOrHybrid', body: () => ({ conditions: { platforms: { includePlatforms: ['windows', 'macOS'] } }, grantControls: { operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice'] } }) },
  {
    name: 'DataProtection-AllApps-Untrusted-SignInFrequency',
    body: () => ({ conditions: { locations: { includeLocations: ['All'], excludeLocations: [TRUSTED] } }, sessionControls: { signInFrequency: { isEnabled: true, value: 12, type: 'hours', frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication' } } }),
  },
  { name: 'AppProtection-AllApps-Mobile-ApprovedApps', body: () => ({ conditions: { platforms: { includePlatforms: ['android', 'iOS'] } }, grantControls: { operator: 'OR', builtInControls: ['approvedApplication', 'compliantApplication'] } }) },
];

function merge(base: GraphBody, extra: GraphBody): GraphBody {
  const out: Record<string, GraphBody[string]> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const known = out[k];
    out[k] = known && typeof known === 'object' && !Array.isArray(known) && v && typeof v === 'object' && !Array.isArray(v) ? merge(known as GraphBody, v as GraphBody) : v;
  }
  return out;
}

/** The policy bodies, in Graph camelCase, of a `count`-policy persona set. */
function personaPolicies(count: number): { id: string; displayName: string; graph: GraphBody; state: PolicyModel['state'] }[] {
  const out: { id: string; displayName: string; graph: GraphBody; state: PolicyModel['state'] }[] = [];
  for (let n = 0; n < count; n++) {
    const framework = PERSONAS.length * TEMPLATES.length;
    const persona = n % PERSONAS.length;
    const id = `CA${String(n + 1).padStart(3, '0')}`;
    let name: string;
    let body: GraphBody;
    if (n < framework) {
      const t = TEMPLATES[Math.floor(n / PERSONAS.length)]!;
      name = t.name;
      body = t.body(persona);
    } else {
      const app = n - framework;
      name = `AppSpecific-App${app}-AnyPlatform-MFA`;
      body = { conditions: { applications: { includeApplications: [appId(app)] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } };
    }
    const graph = merge({ conditions: { users: users(persona, n), applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] } }, body);
    out.push({ id, displayName: `${id}-${PERSONAS[persona]}-${name}`, graph: { displayName: `${id}-${PERSONAS[persona]}-${name}`, state: n % 7 === 3 ? 'enabledForReportingButNotEnforced' : 'enabled', ...graph }, state: n % 7 === 3 ? 'enabledForReportingButNotEnforced' : 'enabled' });
  }
  return out;
}

/** A stack of `count` persona-based policies, with the break-glass group and one trusted location. */
export function personaBaseline(count: number, name = `personas-${count}`): EnvironmentModel {
  const stack = {
    resource: {
      [TF.group]: { [BREAK_GLASS_GROUP]: { display_name: 'CA exclusion: emergency access (break-glass) accounts', members: ['b9000000-0000-4000-8000-0000000000b1', 'b9000000-0000-4000-8000-0000000000b2'] } },
      [TF.namedLocation]: { corp: { display_name: 'Corporate egress', ip: { ip_ranges: ['203.0.113.0/24'], trusted: true } } },
    },
  };
  const model = readSynthesizedStack(stack, { name });
  const policies = personaPolicies(count).map((p) =>
    policyModelOf({ source: { file: 'generated' }, originalId: p.id, displayName: p.displayName, state: p.state, graph: p.graph, unexpressible: [], notes: [], declarable: true }, p.id, (id) => model.labels.get(id)),
  );
  const byId = new Map(policies.map((p) => [p.id, p]));
  return { ...model, policies, policy: (id: string) => byId.get(id) };
}
