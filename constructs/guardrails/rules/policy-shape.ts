import type { GuardrailRule } from '../model';
import { caPolicies, includesAllApps } from '../ca-json';

export const displayNameStartsWithId: GuardrailRule = {
  id: 'PRM-SHP001',
  severity: 'error',
  area: 'Policy shape',
  trigger: 'A policy display name does not start with its policy id.',
  explanation:
    'Sign-in logs, the portal and incident tickets show display names only. Starting each name with the stable id (CA003 ...) ties every log line back to the code and to its Terraform address.',
  fix: 'Start the display name with the policy id, e.g. "CA003 Block legacy authentication".',
  check({ tf }) {
    return caPolicies(tf)
      .filter(({ id, policy }) => !policy.display_name.startsWith(`${id} `))
      .map(({ id, address, policy }) => ({ address, target: id, message: `display name ${JSON.stringify(policy.display_name)} does not start with "${id} "` }));
  },
};

export const mfaOrStrengthNotBoth: GuardrailRule = {
  id: 'PRM-SHP002',
  severity: 'error',
  area: 'Policy shape',
  trigger: 'A policy requires both the mfa control and an authentication strength.',
  explanation:
    'Microsoft rejects "Require multifactor authentication" together with "Require authentication strength" in one policy: the built-in MFA strength is the same control. The deploy would fail.',
  fix: 'Keep only the authentication strength (it already implies MFA).',
  check({ tf }) {
    return caPolicies(tf)
      .filter(({ policy }) => (policy.grant_controls?.built_in_controls ?? []).includes('mfa') && policy.grant_controls?.authentication_strength_policy_id)
      .map(({ id, address }) => ({ address, target: id, message: `${id} requires mfa and an authentication strength` }));
  },
};

export const passwordChangeShape: GuardrailRule = {
  id: 'PRM-SHP003',
  severity: 'error',
  area: 'Policy shape',
  trigger: 'A passwordChange control is not "mfa AND passwordChange" on a user-risk policy for all resources with no other conditions.',
  explanation:
    'Graph accepts passwordChange only together with mfa under AND, in a policy whose only conditions are users, applications (All, nothing excluded) and user risk. Anything else is rejected at deploy or, worse, prompts users for a password change they cannot complete.',
  fix: 'Use CA010\'s shape: user risk high, All resources, grant mfa AND passwordChange, sign-in frequency every time.',
  check({ tf }) {
    return caPolicies(tf).flatMap(({ id, address, policy }) => {
      const controls = policy.grant_controls?.built_in_controls ?? [];
      if (!controls.includes('passwordChange')) return [];
      const c = policy.conditions;
      const problems: string[] = [];
      if (policy.grant_controls?.operator !== 'AND' || !controls.includes('mfa')) problems.push('needs mfa with the AND operator');
      if (!(c.user_risk_levels ?? []).length) problems.push('needs a user risk condition');
      if (!includesAllApps(policy) || (c.applications.excluded_applications ?? []).length) problems.push('must target All resources and exclude none');
      const extra = [
        c.locations && 'locations',
        c.platforms && 'platforms',
        (c.sign_in_risk_levels ?? []).length && 'sign-in risk',
        c.devices && 'devices',
        (c.authentication_flow_transfer_methods ?? []).length && 'authentication flows',
        !(c.client_app_types ?? ['all']).includes('all') && 'client app types',
      ].filter((x): x is string => typeof x === 'string');
      if (extra.length) problems.push(`may have no other conditions (has ${extra.join(', ')})`);
      return problems.length ? [{ address, target: id, message: `${id}: passwordChange ${problems.join('; ')}` }] : [];
    });
  },
};

export const signInFrequencyShape: GuardrailRule = {
  id: 'PRM-SHP004',
  severity: 'error',
  area: 'Policy shape',
  trigger: 'A sign-in frequency of "every time" also sets a frequency value or period.',
  explanation: 'The azuread provider rejects sign_in_frequency or sign_in_frequency_period together with the everyTime interval; plan fails for the whole environment.',
  fix: 'Use either everyTime or a value with a period, not both.',
  check({ tf }) {
    return caPolicies(tf)
      .filter(({ policy }) => {
        const s = policy.session_controls;
        return s?.sign_in_frequency_interval === 'everyTime' && (s.sign_in_frequency !== undefined || s.sign_in_frequency_period !== undefined);
      })
      .map(({ id, address }) => ({ address, target: id, message: `${id} combines everyTime with a sign-in frequency value` }));
  },
};
