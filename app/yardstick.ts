/**
 * The yardstick `npm run bench` measures synth against: a plain cdktf app with as many
 * stacks and resources as perimeter's, each resource a Conditional Access policy written out
 * by hand (no YAML, no baseline, no guardrails, no analysis), synthesized to disk. Its time
 * is what cdktf itself costs for that many resources, so perimeter's synth as a ratio to it
 * is what perimeter adds, as a figure that does not depend on the machine.
 */
import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, TerraformStack } from './cdktf';

export function synthYardstick(outdir: string, stacks: number, policiesPerStack: number): void {
  const app = new App({ outdir, stackTraces: false });
  for (let s = 0; s < stacks; s++) {
    const stack = new TerraformStack(app, `yardstick-${s}`);
    new AzureadProvider(stack, 'azuread', { tenantId: `00000000-0000-4000-8000-${String(s + 1).padStart(12, '0')}` });
    for (let i = 0; i < policiesPerStack; i++) {
      new ConditionalAccessPolicy(stack, `P${i}`, {
        displayName: `P${i} Require MFA`,
        state: 'enabledForReportingButNotEnforced',
        conditions: {
          clientAppTypes: ['all'],
          users: { includedUsers: ['All'], excludedUsers: [`0e0e0e0e-0000-4000-8000-${String(i).padStart(12, '0')}`] },
          applications: { includedApplications: ['All'] },
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      });
    }
  }
  app.synth();
}
