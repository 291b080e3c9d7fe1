/**
 * `coverage:`: how the coverage proof (analysis/coverage/, `npm run coverage`) holds this
 * environment. Optional: without it the built-in invariants apply as they are. A built-in
 * invariant is turned off only with a reason, device code flow can be allowed for named apps
 * or groups, and the environment adds its own invariants. No resources: the section only
 * tunes what analysis and the PRM-COV001 guardrail check.
 */
import { z } from 'zod';
import type { PathProblem } from '../../core/problems';
import { BUILT_IN_INVARIANT_IDS } from '../../analysis/coverage/invariants';
import type { CoverageFacts } from '../../analysis/model/types';
import type { Section } from '../section';
import { COVERAGE_RULES } from './guardrails';

const REQUIREMENTS = ['block', 'phishingResistant', 'mfa', 'device', 'passwordChange', 'boundedSession'] as const;
const PERSONA_KINDS = ['members', 'guests', 'privileged', 'sync'] as const;
const CLIENTS = ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'] as const;
const INVARIANT_ID = /^[a-z][a-z0-9-]{2,62}$/;

const reason = z.string().trim().min(10, { message: 'must say why, in at least 10 characters' });

const shape = {
  coverage: z
    .strictObject({
      disable: z
        .array(
          z.strictObject({
            invariant: z.enum(BUILT_IN_INVARIANT_IDS).describe(`a built-in invariant: ${BUILT_IN_INVARIANT_IDS.join(' | ')}`),
            reason: reason.describe('why the environment is not held to it (at least 10 characters; shown in every coverage report)'),
          }),
        )
        .optional()
        .describe('built-in invariants this environment is not held to, each with its reason'),
      deviceCodeFlow: z
        .strictObject({
          allowApps: z.array(z.string().min(1)).optional().describe('keys of apps: where device code flow is allowed (meeting-room devices, CLIs)'),
          allowGroups: z.array(z.string().min(1)).optional().describe('keys of groups: whose members may use device code flow'),
        })
        .optional()
        .describe('where the device-code-blocked invariant allows device code flow'),
      invariants: z
        .array(
          z.strictObject({
            id: z.string().regex(INVARIANT_ID, { message: 'must be lower-case letters, digits and hyphens, 3 to 63 characters, starting with a letter' }).describe('the invariant id reports and suppressions name'),
            title: z.string().trim().min(10).describe('what the invariant promises, in one sentence'),
            personas: z.array(z.enum(PERSONA_KINDS)).optional().describe('members | guests | privileged | sync; default every persona but break-glass'),
            groups: z.array(z.string().min(1)).optional().describe('keys of groups: only their members (instead of personas)'),
            apps: z.array(z.string().min(1)).optional().describe('keys of apps:, Office365 or MicrosoftAdminPortals; default every app'),
            clients: z.array(z.enum(CLIENTS)).optional().describe('client app types; default every client'),
            outsideTrustedLocations: z.boolean().optional().describe('only sign-ins from outside trusted locations (default false)'),
            unmanagedDevices: z.boolean().optional().describe('only sign-ins from devices neither compliant nor hybrid joined (default false)'),
            require: z.enum(REQUIREMENTS).describe(`what every sign-in in scope needs, or a block: ${REQUIREMENTS.join(' | ')}`),
          }),
        )
        .optional()
        .describe('invariants of this environment, proved like the built-in ones'),
    })
    .optional()
    .describe('tunes the coverage proof (npm run coverage, PRM-COV001)'),
};

/** Turns `coverage:` into the facts analysis reads; every reference is checked, every problem reported. */
export const coverageSection: Section<'coverage', typeof shape, CoverageFacts | undefined> = {
  key: 'coverage',
  shape,
  needs: [],
  resolve({ coverage }, { apps, groups }) {
    if (!coverage) return { spec: undefined, problems: [], warnings: [] };
    const problems: PathProblem[] = [];
    const names = (what: string, known: Readonly<Record<string, unknown>>) => (Object.keys(known).length ? `defined ${what}: ${Object.keys(known).sort().join(', ')}` : `no ${what} are defined`);
    const app = (path: PropertyKey[], ref: string, suites: boolean): string[] => {
      if (suites && (ref === 'Office365' || ref === 'MicrosoftAdminPortals')) return [ref];
      if (Object.hasOwn(apps, ref)) return [apps[ref]!.toLowerCase()];
      problems.push({ path, message: `app ${JSON.stringify(ref)} is not defined under apps (${names('apps', apps)})` });
      return [];
    };
    const group = (path: PropertyKey[], ref: string): string[] => {
      if (Object.hasOwn(groups, ref)) return [groups[ref]!.objectId.toLowerCase()];
      problems.push({ path, message: `group ${JSON.stringify(ref)} is not defined under groups (${names('groups', groups)})` });
      return [];
    };
    const seen = new Set<string>();
    (coverage.disable ?? []).forEach((d, i) => {
      if (seen.has(d.invariant)) problems.push({ path: ['coverage', 'disable', i, 'invariant'], message: `${d.invariant} is turned off twice` });
      seen.add(d.invariant);
    });
    const ids = new Set<string>(BUILT_IN_INVARIANT_IDS);
    const invariants = (coverage.invariants ?? []).map((inv, i) => {
      const at = ['coverage', 'invariants', i];
      if (ids.has(inv.id)) problems.push({ path: [...at, 'id'], message: `${inv.id} is already an invariant${BUILT_IN_INVARIANT_IDS.includes(inv.id as (typeof BUILT_IN_INVARIANT_IDS)[number]) ? ' (built in)' : ''}; give this one its own id` });
      ids.add(inv.id);
      if (inv.groups?.length && inv.personas?.length) problems.push({ path: [...at, 'groups'], message: 'give personas or groups, not both: groups already names who is in scope' });
      return {
        id: inv.id,
        title: inv.title,
        personas: inv.personas ?? [],
        groups: (inv.groups ?? []).flatMap((g, k) => group([...at, 'groups', k], g)),
        apps: (inv.apps ?? []).flatMap((a, k) => app([...at, 'apps', k], a, true)),
        clients: inv.clients ?? [],
        outsideTrustedLocations: inv.outsideTrustedLocations ?? false,
        unmanagedDevices: inv.unmanagedDevices ?? false,
        require: inv.require,
      };
    });
    const spec: CoverageFacts = {
      disabled: (coverage.disable ?? []).map(({ invariant, reason: why }) => ({ invariant, reason: why })),
      deviceCodeFlowAllowed: {
        apps: (coverage.deviceCodeFlow?.allowApps ?? []).flatMap((a, k) => app(['coverage', 'deviceCodeFlow', 'allowApps', k], a, false)),
        groups: (coverage.deviceCodeFlow?.allowGroups ?? []).flatMap((g, k) => group(['coverage', 'deviceCodeFlow', 'allowGroups', k], g)),
      },
      invariants,
    };
    return { spec, problems, warnings: [] };
  },
  /** A suppression of PRM-COV001 names the invariant. */
  suppressionTargets: (spec) => [...BUILT_IN_INVARIANT_IDS.filter((id) => !(spec?.disabled ?? []).some((d) => d.invariant === id)), ...(spec?.invariants ?? []).map((i) => i.id)],
  rules: COVERAGE_RULES,
};
