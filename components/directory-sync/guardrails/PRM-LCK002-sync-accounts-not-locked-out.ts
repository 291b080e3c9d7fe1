import { TF } from '../../../core/addresses';
import { compileEnvironment } from '../../../analysis/whatif/compile';
import { evaluate } from '../../../analysis/whatif/evaluate';
import { resolveSignIn } from '../../../analysis/whatif/input';
import type { Finding, GuardrailRule } from '../../../guardrails/rule';

export const syncAccountsNotLockedOut: GuardrailRule = {
  id: 'PRM-LCK002',
  severity: 'error',
  trigger: 'An enabled policy would block, or challenge, a directory-sync account signing in from its allowed location.',
  explanation:
    'Entra Connect and Cloud Sync sign in non-interactively from the sync servers every few minutes and can satisfy no MFA or device control. A policy that blocks or challenges them there stops provisioning silently: joiners get no account, and leavers keep theirs. The check evaluates the sync sign-in (modern client, Windows, unregistered device, the first address of the allowed location, the Directory Synchronization Accounts role) against the synthesized enabled policies with the offline What If engine.',
  fix: 'Exclude directorySync.accounts from the policy, or narrow the policy so it does not match the sync servers\' sign-in.',
  check({ model }) {
    const sync = model.declared.directorySync;
    const location = sync?.allowedLocation ? model.namedLocation(`${TF.namedLocation}.${sync.allowedLocation}`) : undefined;
    if (!sync || location?.kind !== 'ip' || !location.ipRanges[0]) return [];
    const ip = location.ipRanges[0].slice(0, location.ipRanges[0].indexOf('/'));
    const compiled = compileEnvironment(model);
    const findings: Finding[] = [];
    for (const account of sync.accounts) {
      const { signIn } = resolveSignIn(
        { user: account, roles: ['Directory Synchronization Accounts'], app: 'All', client: 'mobileAppsAndDesktopClients', platform: 'windows', ip, device: 'unregistered' },
        model,
      );
      if (!signIn) continue;
      for (const p of evaluate(compiled, signIn).policies) {
        if (p.state !== 'enabled' || p.applies === false) continue;
        const stops = p.block || (p.requirement !== undefined && p.requirement.status !== 'satisfied');
        if (!stops) continue;
        const what = p.block ? 'blocks' : 'challenges';
        findings.push({
          address: `${TF.conditionalAccessPolicy}.${p.id}`,
          target: p.id,
          message:
            p.applies === true
              ? `${p.id} ${what} directory-sync account ${account} signing in from ${sync.allowedLocation} (${ip})`
              : `${p.id} may ${p.block ? 'block' : 'challenge'} directory-sync account ${account} signing in from ${sync.allowedLocation} (${ip}), depending on ${(p.undecidedBy ?? []).join(', ')}`,
          ...(p.applies === true ? {} : { severity: 'warning' as const }),
        });
      }
    }
    return findings;
  },
};
