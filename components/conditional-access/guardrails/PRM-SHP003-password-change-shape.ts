import { includesAllApps } from '../../../analysis/model/queries';
import type { GuardrailRule } from '../../../guardrails/rule';

export const passwordChangeShape: GuardrailRule = {
  id: 'PRM-SHP003',
  severity: 'error',
  trigger: 'A passwordChange control is not "mfa AND passwordChange" on a user-risk policy for all resources with no other conditions.',
  explanation:
    'Graph accepts passwordChange only together with mfa under AND, in a policy whose only conditions are users, applications (All, nothing excluded) and user risk. Anything else is rejected at deploy or, worse, prompts users for a password change they cannot complete.',
  fix: 'Use CA010\'s shape: user risk high, All resources, grant mfa AND passwordChange, sign-in frequency every time.',
  check({ model }) {
    return model.policies.flatMap((p) => {
      const controls = p.grantControls?.builtInControls ?? [];
      if (!controls.includes('passwordChange')) return [];
      const c = p.conditions;
      const problems: string[] = [];
      if (p.grantControls?.operator !== 'AND' || !controls.includes('mfa')) problems.push('needs mfa with the AND operator');
      if (!c.userRiskLevels.length) problems.push('needs a user risk condition');
      if (!includesAllApps(p) || c.applications.excludeApplications.length) problems.push('must target All resources and exclude none');
      const extra = [
        c.locations && 'locations',
        c.platforms && 'platforms',
        c.signInRiskLevels.length && 'sign-in risk',
        c.devices && 'devices',
        c.authenticationFlows?.transferMethods.length && 'authentication flows',
        !c.clientAppTypes.includes('all') && 'client app types',
      ].filter((x): x is string => typeof x === 'string');
      if (extra.length) problems.push(`may have no other conditions (has ${extra.join(', ')})`);
      return problems.length ? [{ address: p.address, target: p.id, message: `${p.id}: passwordChange ${problems.join('; ')}` }] : [];
    });
  },
};
