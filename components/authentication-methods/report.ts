import { SETTINGS } from '../../core/addresses';
import { ALL_USERS_TARGET, METHOD_CONFIGURATIONS, methodOfOdataType } from '../../core/microsoft/authentication-methods';
import { settingIn, settingsIn, valueAt } from '../../analysis/model/settings';
import type { EnvironmentModel } from '../../analysis/model/types';
import type { ReportRow, ResourceSection } from '../../analysis/report/sections';
import { stageLine, yesNo } from '../../analysis/report/settings';
import { TERRAFORM_REFERENCE } from '../../core/addresses';

function targetWords(model: EnvironmentModel, list: unknown): string {
  const ids = (Array.isArray(list) ? list : []).map((t) => String((t as Record<string, unknown>).id ?? ''));
  if (!ids.length) return 'nobody';
  return ids
    .map((id) => {
      if (id === ALL_USERS_TARGET) return 'all users';
      const ref = TERRAFORM_REFERENCE.exec(id);
      return model.labelOf(ref ? `${ref[1]}.${ref[2]}` : id);
    })
    .join('; ');
}

function rows(model: EnvironmentModel): ReportRow[] {
  const out: ReportRow[] = [];
  const root = settingIn(model, SETTINGS.authenticationMethodsPolicy);
  if (root) {
    const c = valueAt(root.declared, 'registrationEnforcement.authenticationMethodsRegistrationCampaign') as Record<string, unknown> | undefined;
    out.push([
      [root.address, 'Authentication methods policy'],
      [
        stageLine(root),
        `methods policy alone governs MFA and SSPR (migration complete): ${yesNo(root.declared.policyMigrationState === 'migrationComplete')}`,
        c?.state === 'enabled'
          ? `registration campaign for Microsoft Authenticator: ${targetWords(model, c.includeTargets)}${Array.isArray(c.excludeTargets) && c.excludeTargets.length ? `, except ${targetWords(model, c.excludeTargets)}` : ''}; snooze ${String(c.snoozeDurationInDays)} day(s)`
          : 'registration campaign: off',
      ],
    ]);
  }
  for (const doc of settingsIn(model, SETTINGS.authenticationMethod(''))) {
    const method = methodOfOdataType(doc.declared['@odata.type']);
    const d = doc.declared;
    const name = method ? METHOD_CONFIGURATIONS[method].name : doc.key;
    const lines = [stageLine(doc), d.state === 'enabled' ? `enabled for: ${targetWords(model, d.includeTargets)}` : 'disabled'];
    if (method === 'fido2' && d.state === 'enabled') {
      lines.push(`attestation enforced: ${yesNo(d.isAttestationEnforced)}`, `users register their own keys: ${yesNo(d.isSelfServiceRegistrationAllowed)}`);
      const kr = d.keyRestrictions as Record<string, unknown> | undefined;
      lines.push(kr?.isEnforced === true ? `key models: ${kr.enforcementType === 'allow' ? 'only' : 'all but'} ${(kr.aaGuids as string[]).join(', ')}` : 'key models: every model');
    }
    if (method === 'microsoftAuthenticator' && d.state === 'enabled') {
      lines.push(
        `notifications show the app: ${yesNo(valueAt(d, 'featureSettings.displayAppInformationRequiredState.state') === 'enabled')}`,
        `notifications show the location: ${yesNo(valueAt(d, 'featureSettings.displayLocationInformationRequiredState.state') === 'enabled')}`,
      );
    }
    if (method === 'temporaryAccessPass' && d.state === 'enabled') {
      lines.push(`a pass lasts ${String(d.defaultLifetimeInMinutes)} minutes (at most ${String(d.maximumLifetimeInMinutes)}); one-time: ${yesNo(d.isUsableOnce)}`);
    }
    out.push([[doc.address, name], lines]);
  }
  return out;
}

export const AUTHENTICATION_METHODS_REPORT: readonly ResourceSection[] = [
  {
    title: 'Authentication methods',
    note: 'Which sign-in methods people may register and use, for whom: what the authentication strengths of the Conditional Access policies can be satisfied with (ScubaGear MS.AAD.3.3-3.5).',
    matches: (r) => r.type === 'msgraph_update_resource' && r.name.startsWith('settings_authentication_method'),
    rows,
  },
];
