import { CA021, CA022 } from './app-proxy';
import { CA006, CA007, CA016 } from './devices';
import { CA014, CA015 } from './guests';
import { CA019 } from './hybrid';
import { CA003, CA004, CA005 } from './legacy-and-flows';
import { CA020 } from './locations';
import { CA001, CA002, CA013 } from './mfa';
import type { PolicyId, PolicyModule } from './model';
import { CA011, CA012 } from './registration';
import { CA008, CA009, CA010 } from './risk';
import { CA017, CA018 } from './sessions';

/** The Conditional Access baseline, in policy-id order. Read it top to bottom. */
export const BASELINE: readonly PolicyModule[] = [
  CA001, CA002, CA003, CA004, CA005, CA006, CA007, CA008, CA009, CA010,
  CA011, CA012, CA013, CA014, CA015, CA016, CA017, CA018, CA019, CA020,
  CA021, CA022,
];

export const BASELINE_POLICY_IDS: readonly PolicyId[] = BASELINE.map((p) => p.id);

export function findPolicyModule(id: string): PolicyModule | undefined {
  return BASELINE.find((p) => p.id === id);
}
