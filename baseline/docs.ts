/**
 * docs/baseline.md, rendered from the policy files, so the table cannot drift from the code
 * (`npm run docs` writes it; a test fails when it is stale).
 */
import { FEATURES } from '../core/features';
import { PRIVILEGED_ROLES } from '../core/microsoft/directory-roles';
import { STAGES, toPolicyState } from '../core/stages';
import { BASELINE } from './index';
import {
  excludesDirectorySyncAccounts,
  type AppRef,
  type BaselineSettings,
  type LocationRef,
  type PolicyDefinition,
  type UserRef,
} from './model';

/** The settings every environment starts from (the defaults of the conditional-access section). */
export interface SettingsVariant {
  /** How an environment file asks for it: `userRiskResponse: block`. */
  readonly yaml: string;
  readonly settings: BaselineSettings;
}

const USERS: Readonly<Record<UserRef, string>> = {
  'all-users': 'all users',
  guests: 'every guest and external user type',
  'privileged-roles': 'privileged roles',
  'directory-sync-accounts': '`directorySync.accounts`',
};

const APPS: Readonly<Record<AppRef, string>> = {
  All: 'all resources',
  Office365: 'Office 365',
  MicrosoftAdminPortals: 'Microsoft admin portals',
  'azure-management': 'Azure Service Management API',
  'sensitive-apps': '`sensitiveApps`',
  'guest-allowed-apps': '`guests.allowedApps`',
  'app-proxy-apps': '`appProxy.apps`',
};

const LOCATIONS: Readonly<Record<LocationRef, string>> = {
  All: 'any location',
  AllTrusted: 'trusted locations',
  'directory-sync-location': '`directorySync.allowedLocation`',
  'country-access-location': '`countryAccess.location`',
};

const USER_ACTIONS = { registerSecurityInfo: 'register security info', registerDevice: 'register or join devices' } as const;

const CONTROLS: Readonly<Record<string, string>> = {
  block: 'block',
  mfa: 'MFA',
  compliantDevice: 'compliant',
  domainJoinedDevice: 'hybrid-joined',
  approvedApplication: 'approved client app',
  compliantApplication: 'app protection policy',
  passwordChange: 'password change',
};

const except = (included: string, excluded: readonly string[]) => (excluded.length ? `${included} except ${excluded.join(', ')}` : included);

function who(p: PolicyDefinition): string {
  return except(p.users.include.map((u) => USERS[u]).join(', '), (p.users.exclude ?? []).map((u) => USERS[u]));
}

function what(p: PolicyDefinition): string {
  const r = p.resources;
  if ('userAction' in r) return USER_ACTIONS[r.userAction];
  return except(r.apps.map((a) => APPS[a]).join(', '), (r.excludeApps ?? []).map((a) => APPS[a]));
}

function conditions(p: PolicyDefinition): string {
  const c = p.conditions ?? {};
  const out: string[] = [];
  if (c.clientAppTypes) out.push(`client apps ${c.clientAppTypes.map((t) => `\`${t}\``).join(', ')}`);
  if (c.platforms) out.push(`platforms ${except(c.platforms.include.join(', '), c.platforms.exclude ?? [])}`);
  if (c.locations) out.push(except(c.locations.include.map((l) => LOCATIONS[l]).join(', '), (c.locations.exclude ?? []).map((l) => LOCATIONS[l])));
  if (c.signInRiskLevels) out.push(`sign-in risk ${c.signInRiskLevels.join(', ')}`);
  if (c.userRiskLevels) out.push(`user risk ${c.userRiskLevels.join(', ')}`);
  if (c.authenticationFlows) out.push(c.authenticationFlows.map((f) => (f === 'deviceCodeFlow' ? 'device code flow' : 'authentication transfer')).join(', '));
  if (c.deviceFilter) out.push(`devices ${c.deviceFilter.mode === 'include' ? 'where' : 'except where'} \`${c.deviceFilter.rule}\``);
  return out.join('; ') || '–';
}

function controls(p: PolicyDefinition): string {
  const out: string[] = [];
  const g = p.grant;
  if (g) {
    const parts = [...g.controls.map((c) => CONTROLS[c] ?? c), ...(g.authenticationStrength ? [`authentication strength *${g.authenticationStrength}*`] : [])];
    out.push(parts.join(` ${g.operator} `));
  }
  const s = p.session;
  if (s?.signInFrequency) out.push(s.signInFrequency === 'everyTime' ? 'sign-in every time' : `sign-in every ${s.signInFrequency.value} ${s.signInFrequency.unit}`);
  if (s?.persistentBrowser) out.push(`persistent browser ${s.persistentBrowser}`);
  return out.join('; ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Renders the page; `defaults` and `variants` come from the conditional-access section, which owns them. */
export function renderBaselineDoc(defaults: BaselineSettings, variants: readonly SettingsVariant[]): string {
  const rows = BASELINE.map((module) => {
    const p = module.define(defaults);
    const columns = (d: PolicyDefinition) => ({ policy: d.displayName.slice(d.id.length + 1), who: who(d), what: what(d), conditions: conditions(d), controls: controls(d) });
    const base = columns(p);
    const alternatives = variants.flatMap((v) => {
      const alt = columns(module.define(v.settings));
      const changed = (Object.keys(base) as (keyof typeof base)[]).filter((k) => alt[k] !== base[k]).map((k) => `${k} ${alt[k]}`);
      return changed.length ? [`with \`${v.yaml}\`: ${cell(changed.join(', '))}`] : [];
    });
    return `| ${p.id} | ${cell(p.displayName.slice(p.id.length + 1))} | ${cell(who(p))} | ${cell(what(p))} | ${cell(conditions(p))} | ${cell(controls(p))} | ${module.requires ? cell(FEATURES[module.requires]) : 'always'}${alternatives.length ? `; ${alternatives.join('; ')}` : ''} |`;
  });
  const syncExempt = BASELINE.map((m) => m.define(defaults)).filter(excludesDirectorySyncAccounts).map((p) => p.id);
  const userActions = BASELINE.map((m) => m.define(defaults)).filter((p) => 'userAction' in p.resources).map((p) => p.id);
  return [
    '# The Conditional Access baseline',
    '',
    '<!-- Generated by `npm run docs` from baseline/. Do not edit by hand; a test fails when this file is stale. -->',
    '',
    'One file per policy in `baseline/`, as typed data with logical names; each environment binds those names to object ids and gives each policy a stage. Every policy excludes both break-glass accounts, by object id and through the role-assignable exclusion group perimeter creates. Nothing else is excluded unless the environment says so, with a reason (`policies.<id>.exclude`).',
    '',
    'Stages map to the Conditional Access `state`:',
    '',
    '| stage | state | a policy that targets a user action |',
    '|---|---|---|',
    ...STAGES.map((s) => `| \`${s}\` | \`${toPolicyState(s, { targetsUserAction: false }).state}\` | \`${toPolicyState(s, { targetsUserAction: true }).state}\` |`),
    '',
    `Microsoft has no report-only state for policies that target a user action (${userActions.join(', ')}): at \`report-only\` they are held at \`disabled\`, and synth warns (PRM-STG003).`,
    '',
    '| id | policy | who | what | conditions | controls | part of an environment when |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `**Privileged roles** (by role template id, \`core/microsoft/directory-roles.ts\`): ${PRIVILEGED_ROLES.join(', ')}.`,
    '',
    `**Directory-sync accounts.** The Entra Connect / Cloud Sync service accounts sign in non-interactively with a password and can satisfy no MFA, device, app or password-change control. They are excluded, by user id, from every policy that asks for one of those or for a sign-in frequency (${syncExempt.join(', ')}; the rule is \`excludesDirectorySyncAccounts\` in \`baseline/model.ts\`). In exchange CA019 blocks them everywhere but the sync servers' named location. Block policies still apply to them.`,
    '',
    '**Licences.** Conditional Access needs Microsoft Entra ID P1; the risk policies (sign-in and user risk) need P2.',
    '',
  ].join('\n');
}
