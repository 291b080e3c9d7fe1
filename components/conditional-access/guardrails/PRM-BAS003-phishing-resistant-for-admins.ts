import { DIRECTORY_ROLES } from '../../../core/microsoft/directory-roles';
import { BUILT_IN_STRENGTHS } from '../../../core/microsoft/well-known';
import { completeness } from './completeness';

export const phishingResistantForAdmins = completeness(
  'PRM-BAS003',
  'that requires phishing-resistant MFA for the privileged roles',
  'Administrators are the target of adversary-in-the-middle phishing, which relays ordinary MFA. Only phishing-resistant methods (FIDO2, Windows Hello for Business, certificates) stop it.',
  'Keep CA002 in the environment, targeting at least Global Administrator and Privileged Role Administrator.',
  (p) =>
    p.grantControls?.authenticationStrength?.id === BUILT_IN_STRENGTHS['phishing-resistant'].id &&
    [DIRECTORY_ROLES['Global Administrator'], DIRECTORY_ROLES['Privileged Role Administrator']].every((r) =>
      p.conditions.users.includeRoles.some((role) => role.id === r),
    ),
);
