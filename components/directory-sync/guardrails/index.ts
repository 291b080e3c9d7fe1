import type { GuardrailRule } from '../../../guardrails/rule';
import { syncAccountsNotLockedOut } from './PRM-LCK002-sync-accounts-not-locked-out';

export const DIRECTORY_SYNC_RULES: readonly GuardrailRule[] = [syncAccountsNotLockedOut];
