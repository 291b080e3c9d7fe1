/**
 * What a policy yields in one sign-in context, cached per compiled environment. Requirements
 * depend only on the policy and a few sign-in facts (client, flow, platform, device), so they
 * are immutable and shared between sign-ins.
 */
import type { PolicyModel } from '../model/types';
import { requirementOf } from './controls';
import { REASONS, type PolicyResult, type ReportOnlyOutcome, type ReportOnlyResult, type Requirement } from './result';
import type { SignIn } from './signin';

const CLIENT_INDEX: Readonly<Record<string, number>> = { browser: 1, mobileAppsAndDesktopClients: 2, exchangeActiveSync: 3, other: 4 };
const FLOW_INDEX: Readonly<Record<string, number>> = { none: 1, deviceCodeFlow: 2, authenticationTransfer: 3 };
const PLATFORM_INDEX: Readonly<Record<string, number>> = { android: 1, iOS: 2, windows: 3, windowsPhone: 4, macOS: 5, linux: 6, unknown: 7 };
const STATE_INDEX: Readonly<Record<string, number>> = { unregistered: 1, registered: 2, compliant: 3, hybrid: 4 };

/**
 * The sign-in facts a requirement's status depends on (client, flow, platform, device state,
 * trustType and isCompliant), as a number for a cheap cache lookup; a string when a device
 * property has a value the number cannot encode.
 */
export function requirementContext(s: SignIn): number | string {
  const d = s.device;
  const props = d?.properties;
  const trust = props?.trustType;
  const compliant = props?.isCompliant;
  const t = trust === undefined ? 0 : trust === 'ServerAD' ? 1 : trust === 'AzureAD' ? 2 : trust === 'Workplace' ? 3 : -1;
  const c = compliant === undefined ? 0 : typeof compliant === 'string' && compliant.toLowerCase() === 'true' ? 1 : typeof compliant === 'string' && compliant.toLowerCase() === 'false' ? 2 : -1;
  if (t < 0 || c < 0) return `${s.clientApp}|${s.flow}|${s.platform}|${d ? d.state : '-'}|${String(trust)}|${String(compliant)}`;
  const client = s.clientApp === undefined ? 0 : (CLIENT_INDEX[s.clientApp] ?? 0);
  const flow = s.flow === undefined ? 0 : (FLOW_INDEX[s.flow] ?? 0);
  const platform = s.platform === undefined ? 0 : (PLATFORM_INDEX[s.platform] ?? 0);
  const state = d === undefined ? 0 : (STATE_INDEX[d.state] ?? 0);
  return ((((client * 4 + flow) * 8 + platform) * 5 + state) * 4 + t) * 3 + c;
}

/** What a policy that applies yields in one sign-in context; immutable, so shared between sign-ins. */
export interface ContextSlot {
  readonly requirement: Requirement | undefined;
  readonly applied: PolicyResult;
  readonly reportOnly?: ReportOnlyResult;
}

export function contextSlot(p: PolicyModel, block: boolean, s: SignIn): ContextSlot {
  const requirement = block ? undefined : requirementOf(p, s);
  const session = p.sessionControls;
  const applied: PolicyResult = Object.freeze({ id: p.id, displayName: p.displayName, state: p.state, applies: true, reasons: REASONS.notSet, undecidedBy: undefined, block, requirement, session });
  if (p.state !== 'enabledForReportingButNotEnforced') return { requirement, applied };
  const outcome: ReportOnlyOutcome =
    block || requirement?.status === 'unsatisfiable' ? 'wouldBlock' : requirement && requirement.status !== 'satisfied' ? 'wouldRequire' : 'wouldApply';
  const reportOnly: ReportOnlyResult = Object.freeze({ id: p.id, displayName: p.displayName, applies: true, outcome, undecidedBy: undefined, requirement, session });
  return { requirement, applied, reportOnly };
}
