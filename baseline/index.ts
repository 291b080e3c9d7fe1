/**
 * The Conditional Access baseline: one file per policy, listed here in policy-id order.
 * Read it top to bottom; a test checks that every CA*.ts file in this folder is listed.
 */
import { policy as CA001 } from './CA001-require-mfa-for-all-users';
import { policy as CA002 } from './CA002-require-phishing-resistant-mfa-for-administrators';
import { policy as CA003 } from './CA003-block-legacy-authentication';
import { policy as CA004 } from './CA004-block-device-code-flow';
import { policy as CA005 } from './CA005-block-authentication-transfer';
import { policy as CA006 } from './CA006-require-compliant-or-hybrid-joined-device';
import { policy as CA007 } from './CA007-require-mfa-and-a-compliant-device-for';
import { policy as CA008 } from './CA008-block-high-sign-in-risk';
import { policy as CA009 } from './CA009-require-mfa-for-medium-and-high-sign';
import { policy as CA010 } from './CA010-high-user-risk-require-secure-password-change';
import { policy as CA011 } from './CA011-protect-security-info-registration';
import { policy as CA012 } from './CA012-require-mfa-to-register-or-join-devices';
import { policy as CA013 } from './CA013-require-mfa-for-admin-portals-and-azure';
import { policy as CA014 } from './CA014-require-mfa-for-guests-and-external-users';
import { policy as CA015 } from './CA015-block-guests-from-apps-not-allowed-to';
import { policy as CA016 } from './CA016-block-unknown-or-unsupported-device-platforms';
import { policy as CA017 } from './CA017-administrator-sessions-bounded-sign-in-frequency-no';
import { policy as CA018 } from './CA018-unmanaged-devices-bounded-sign-in-frequency-no';
import { policy as CA019 } from './CA019-block-directory-sync-accounts-outside-the-sync';
import { policy as CA020 } from './CA020-block-sign-in-from-outside-allowed-countries';
import { policy as CA021 } from './CA021-require-mfa-for-published-on-premises-apps';
import { policy as CA022 } from './CA022-require-compliant-or-hybrid-joined-device-for';
import type { PolicyModule } from './model';

export const BASELINE: readonly PolicyModule[] = [
  CA001, CA002, CA003, CA004, CA005, CA006, CA007, CA008, CA009, CA010,
  CA011, CA012, CA013, CA014, CA015, CA016, CA017, CA018, CA019, CA020,
  CA021, CA022,
];

export function findPolicyModule(id: string): PolicyModule | undefined {
  return BASELINE.find((p) => p.id === id);
}
