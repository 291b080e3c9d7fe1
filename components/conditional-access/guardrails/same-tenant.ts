import type { DeclaredModel } from '../../../analysis/model/types';
import type { RuleContext } from '../../../guardrails/rule';

/** Peers that deploy into the same tenant as the environment being checked (itself included). */
export const sameTenant = ({ model, peers }: RuleContext): readonly DeclaredModel[] =>
  peers.filter((p) => p.declared.tenantId === model.declared.tenantId);
