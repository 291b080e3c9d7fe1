import type { GuardrailRule } from '../../../guardrails/rule';
import { syncAccountsNotLockedOut } from './PRM-LCK002-sync-accounts-not-locked-out';
import { passwordHashSyncAsserted } from './PRM-SET005-password-hash-sync-asserted';
import { syncTakeoverBlocked } from './PRM-SET006-sync-takeover-blocked';

export const DIRECTORY_SYNC_RULES: readonly GuardrailRule[] = [syncAccountsNotLockedOut, passwordHashSyncAsserted, syncTakeoverBlocked];
