/**
 * Rules about a change rather than about one component's output: `npm run diff` evaluates
 * them by comparing the change with its base (analysis/diff/dangerous.ts).
 */
import type { GuardrailRule } from './rule';

export const retargeting: GuardrailRule = {
  id: 'PRM-CHG001',
  severity: 'error',
  phase: 'diff',
  trigger: "A change moves an environment to another tenant (its tenantId) or another Azure subscription.",
  explanation:
    'Terraform does not move objects between tenants: the next deploy creates every policy, location and group in the new tenant, and everything in the old one stays in force with nothing managing it. A typo in a tenant id would put one environment\'s policies into another environment\'s tenant. Evaluated by `npm run diff`.',
  fix: 'If the move is intended, suppress PRM-CHG001 for the environment with the reason (for example the tenant migration ticket), and clean up the old tenant.',
};

export const destructiveChange: GuardrailRule = {
  id: 'PRM-CHG002',
  severity: 'error',
  phase: 'diff',
  trigger:
    'A change removes or renames a Conditional Access policy, a named location, a group perimeter creates (PIM or break-glass), an App Proxy app or a break-glass Global Administrator assignment.',
  explanation:
    'Terraform destroys what leaves the configuration, and a rename is a destroy and a create: the object loses its history (sign-in logs refer to the old object id; report-only evidence starts again). Removing an enforced policy changes sign-ins without anyone deciding it. Evaluated by `npm run diff`.',
  fix: 'Take a policy to off first, in its own change. Then remove it (a baseline policy: list it under retire:) with a retire: entry naming it and saying why.',
};

export const CHANGE_RULES: readonly GuardrailRule[] = [retargeting, destructiveChange];
