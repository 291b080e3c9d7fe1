/**
 * Every PIM guardrail fails synth with a precise message (file, key path, value, what is
 * allowed) and passes for the compliant variant.
 */
import type { Problem } from '../../core/problems';
import { loadMutatedFile } from '../../__tests__/helpers/synth';

const GA = 'Global Administrator';
const PRA = 'Privileged Role Administrator';
const SEC = 'Security Administrator';
const SUB = '/subscriptions/50000000-0000-4000-8000-0000000000b1';
const MG = '/providers/Microsoft.Management/managementGroups/meridian-platform';
const PERSON = 'ad000000-0000-4000-8000-0000000000f1';
const BREAK_GLASS = 'b9000000-0000-4000-8000-000000000001';

const loadProd = (edit: (env: Record<string, any>) => void) => loadMutatedFile('prod', edit);
const problemsOf = (edit: (env: Record<string, any>) => void): readonly Problem[] => loadProd(edit).problems;

function only(problems: readonly Problem[], path: string): Problem {
  const found = problems.filter((p) => p.path === path);
  expect(found).toHaveLength(1);
  const p = found[0]!;
  expect(p.file).toMatch(/prod\.yaml$/);
  expect(p.line).toEqual(expect.any(Number));
  return p;
}

test('the sample production environment passes every guardrail', () => {
  const loaded = loadProd(() => undefined);
  expect(loaded.problems).toEqual([]);
  expect(loaded.environment?.pim?.roles.map((r) => r.name)).toEqual([GA, PRA, SEC, 'Conditional Access Administrator', 'Hybrid Identity Administrator']);
});

describe('a role name that does not exist', () => {
  test('fails, suggests the closest name and lists the valid ones', () => {
    const problems = problemsOf((env) => {
      env.pim.roles['Global Adminstrator'] = env.pim.roles[GA];
      delete env.pim.roles[GA];
    });
    const p = only(problems, 'pim.roles.Global Adminstrator');
    expect(p.message).toContain('unknown directory role "Global Adminstrator"; did you mean "Global Administrator"?');
    expect(p.message).toContain('Valid names: Global Administrator, Privileged Role Administrator,');
    expect(p.message).toContain('Security Administrator');
  });

  test('a name far from every role gets the list without a guess', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles['Supreme Overlord'] = { eligibleMembers: [PERSON], maxActivation: 'PT1H', eligibilityExpiresAfter: 'P30D' };
      }),
      'pim.roles.Supreme Overlord',
    );
    expect(p.message).not.toContain('did you mean');
    expect(p.message).toContain('Valid names: Global Administrator');
  });

  test('an unknown Azure role fails the same way', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.azureRoles[0].role = 'Ownr';
      }),
      'pim.azureRoles[0].role',
    );
    expect(p.message).toBe(
      'unknown Azure role "Ownr"; did you mean "Owner"? Valid names: Owner, User Access Administrator, Contributor, Role Based Access Control Administrator',
    );
  });

  test('every name in the role table passes', () => {
    expect(
      problemsOf((env) => {
        env.pim.roles['Exchange Administrator'] = { eligibleMembers: [PERSON], maxActivation: 'PT8H', eligibilityExpiresAfter: 'P90D' };
        env.pim.azureRoles.push({ role: 'Contributor', scope: SUB, eligibleMembers: [PERSON], maxActivation: 'PT8H', eligibilityExpiresAfter: 'P90D' });
      }),
    ).toEqual([]);
  });
});

describe('a Tier-0 role with a permanent assignment', () => {
  test('permanent eligibility fails', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[SEC].eligibilityExpiresAfter = 'permanent';
      }),
      'pim.roles.Security Administrator.eligibilityExpiresAfter',
    );
    expect(p.message).toBe(
      'Security Administrator is a Tier-0 role and eligibility for Security Administrator must expire; "permanent" is not allowed. Use one of: P15D | P30D | P90D | P180D | P365D',
    );
  });

  test('permanent eligibility fails for a role outside Tier 0 too: eligibility always expires', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles['Global Reader'] = { eligibleMembers: [PERSON], maxActivation: 'PT8H', eligibilityExpiresAfter: 'permanent' };
      }),
      'pim.roles.Global Reader.eligibilityExpiresAfter',
    );
    expect(p.message).toBe('eligibility for Global Reader must expire; "permanent" is not allowed. Use one of: P15D | P30D | P90D | P180D | P365D');
  });

  test('permanent active assignment fails', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[SEC].activeMembers = [PERSON];
        env.pim.roles[SEC].activeAssignmentExpiresAfter = 'permanent';
      }),
      'pim.roles.Security Administrator.activeAssignmentExpiresAfter',
    );
    expect(p.message).toBe(
      'Security Administrator is a Tier-0 role: a permanent active assignment is standing privilege and is not allowed. Use one of: P15D | P30D | P90D | P180D | P365D',
    );
  });

  test('a time-bound active assignment to a Tier-0 role passes', () => {
    const loaded = loadProd((env) => {
      env.pim.roles[SEC].activeMembers = [PERSON];
      env.pim.roles[SEC].activeAssignmentExpiresAfter = 'P30D';
    });
    expect(loaded.problems).toEqual([]);
    const sec = loaded.environment!.pim!.roles.find((r) => r.name === SEC)!;
    expect(sec.activeMembers).toEqual([PERSON]);
    expect(sec.activeAssignmentExpiresAfter).toBe('P30D');
  });

  test('a permanent active assignment to a role outside Tier 0 passes', () => {
    const loaded = loadProd((env) => {
      env.pim.roles['Global Reader'] = {
        eligibleMembers: [PERSON],
        maxActivation: 'PT8H',
        eligibilityExpiresAfter: 'P90D',
        activeMembers: ['ad000000-0000-4000-8000-0000000000f2'],
        activeAssignmentExpiresAfter: 'permanent',
      };
    });
    expect(loaded.problems).toEqual([]);
  });

  test('Global Administrator has no active members at all, not even time-bound ones', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[GA].activeMembers = [PERSON];
        env.pim.roles[GA].activeAssignmentExpiresAfter = 'P15D';
      }),
      'pim.roles.Global Administrator.activeMembers',
    );
    expect(p.message).toContain('Global Administrator may have no active members (got 1)');
    expect(p.message).toContain('breakGlass.assignGlobalAdmin: true');
  });

  test('a break-glass account cannot be an eligible member', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[GA].eligibleMembers.push(BREAK_GLASS);
      }),
      'pim.roles.Global Administrator.eligibleMembers[14]',
    );
    expect(p.message).toBe(
      `${BREAK_GLASS} is a break-glass account; it must not depend on PIM for Global Administrator. Give break-glass accounts their permanent Global Administrator with breakGlass.assignGlobalAdmin: true`,
    );
  });
});

describe('Global Administrator activation without approval or above 4 hours', () => {
  test.each([GA, PRA])('%s without approvers fails', (role) => {
    const p = only(
      problemsOf((env) => {
        delete env.pim.roles[role].approvers;
      }),
      `pim.roles.${role}.approvers`,
    );
    expect(p.message).toBe(`${role} activation needs approval: list at least 2 approvers (object ids, {user: <id>} or {group: <id>})`);
  });

  test.each([GA, PRA])('%s activation above PT4H fails', (role) => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[role].maxActivation = 'PT4H30M';
      }),
      `pim.roles.${role}.maxActivation`,
    );
    expect(p.message).toBe(`"PT4H30M" is too long for ${role}; its activation may last at most PT4H (PT30M to PT4H in 30-minute steps)`);
  });

  test('exactly PT4H with two approvers passes', () => {
    expect(
      problemsOf((env) => {
        env.pim.roles[PRA].maxActivation = 'PT4H';
      }),
    ).toEqual([]);
  });

  test('other roles may activate for longer, up to P1D', () => {
    expect(
      problemsOf((env) => {
        env.pim.roles[SEC].maxActivation = 'P1D';
      }),
    ).toEqual([]);
  });

  test('a value outside the provider set fails with the set', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[SEC].maxActivation = 'PT4H15M';
      }),
      'pim.roles.Security Administrator.maxActivation',
    );
    expect(p.message).toBe('"PT4H15M" is not an allowed activation length; use PT30M to PT23H30M in 30-minute steps (PT1H, PT1H30M, PT4H, ...) or P1D');
  });
});

describe('fewer than two approvers', () => {
  test('one approver fails, for any role that asks for approval', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[SEC].approvers = [{ group: '6f000000-0000-4000-8000-0000000000a1' }];
      }),
      'pim.roles.Security Administrator.approvers',
    );
    expect(p.message).toBe('Security Administrator lists 1 approver; approval needs at least 2 (a group counts as one, because its members are not known at synth)');
  });

  test('one approver fails for an Azure role', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.azureRoles[0].approvers = ['ae000000-0000-4000-8000-000000000002'];
      }),
      'pim.azureRoles[0].approvers',
    );
    expect(p.message).toContain(`Owner at ${SUB} lists 1 approver; approval needs at least 2`);
  });

  test('two approvers pass', () => {
    expect(
      problemsOf((env) => {
        env.pim.roles[SEC].approvers = [{ group: '6f000000-0000-4000-8000-0000000000a1' }, { user: 'ae000000-0000-4000-8000-000000000001' }];
      }),
    ).toEqual([]);
  });

  test('an approver that is neither a GUID nor {user|group: GUID} fails', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[GA].approvers[1] = { person: 'ae000000-0000-4000-8000-000000000001' };
      }),
      'pim.roles.Global Administrator.approvers[1]',
    );
    expect(p.message).toBe(
      '{"person":"ae000000-0000-4000-8000-000000000001"} must be a user object id (GUID), {user: <object id>} or {group: <object id>}',
    );
  });
});

describe('an approver who is also an eligible member', () => {
  test('fails for a directory role', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[GA].approvers.push('ad000000-0000-4000-8000-000000000003');
      }),
      'pim.roles.Global Administrator.approvers[2]',
    );
    expect(p.message).toBe(
      'ad000000-0000-4000-8000-000000000003 is both an approver and an eligible member of Global Administrator; an approver must not approve their own activation',
    );
  });

  test('fails for an Azure role', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.azureRoles[1].approvers.push({ user: 'ad000000-0000-4000-8000-000000000009' });
      }),
      'pim.azureRoles[1].approvers[2]',
    );
    expect(p.message).toContain(`is both an approver and an eligible member of User Access Administrator at ${MG}`);
  });

  test('the same person approving one role and eligible for another passes', () => {
    expect(
      problemsOf((env) => {
        env.pim.roles[SEC].approvers = ['ae000000-0000-4000-8000-000000000001', 'ad000000-0000-4000-8000-000000000003'];
      }),
    ).toEqual([]);
  });
});

describe('Azure role scopes', () => {
  test('a resource group scope fails with the allowed forms', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.azureRoles[0].scope = `${SUB}/resourceGroups/rg-identity`;
      }),
      'pim.azureRoles[0].scope',
    );
    expect(p.message).toBe(
      `"${SUB}/resourceGroups/rg-identity" is not a scope perimeter manages; use /subscriptions/<subscription id> or /providers/Microsoft.Management/managementGroups/<management group name>`,
    );
  });

  test('the same role twice at one scope fails', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.azureRoles.push({ ...env.pim.azureRoles[0] });
      }),
      'pim.azureRoles[2]',
    );
    expect(p.message).toBe(`Owner at ${SUB} is listed twice (also pim.azureRoles[0]); keep one entry per role and scope`);
  });

  test('management groups only need azureSubscriptionId for the provider', () => {
    const edit = (env: Record<string, any>) => {
      env.pim.azureRoles = [env.pim.azureRoles[1]];
    };
    const p = only(problemsOf(edit), 'pim.azureSubscriptionId');
    expect(p.message).toContain('is required when every azureRoles scope is a management group');
    const loaded = loadProd((env) => {
      edit(env);
      env.pim.azureSubscriptionId = '50000000-0000-4000-8000-0000000000b2';
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.environment!.pim!.azureSubscriptionId).toBe('50000000-0000-4000-8000-0000000000b2');
  });
});

describe('the rest of the pim section', () => {
  test('an unknown key lists the allowed ones', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[GA].requireApproval = true;
      }),
      'pim.roles.Global Administrator.requireApproval',
    );
    expect(p.message).toBe(
      'unknown key "requireApproval"; allowed here: eligibleMembers, maxActivation, eligibilityExpiresAfter, approvers, activeMembers, activeAssignmentExpiresAfter, authenticationContext, requireTicket, groupDisplayName',
    );
  });

  test('an eligibility length outside the provider set fails with the set', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles[GA].eligibilityExpiresAfter = 'P60D';
      }),
      'pim.roles.Global Administrator.eligibilityExpiresAfter',
    );
    expect(p.message).toBe('"P60D" is not allowed; use one of: P15D | P30D | P90D | P180D | P365D | permanent');
  });

  test('an authentication context that is not c1-c99 fails', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.roles['Conditional Access Administrator'].authenticationContext = 'privileged';
      }),
      'pim.roles.Conditional Access Administrator.authenticationContext',
    );
    expect(p.message).toBe('"privileged" must be a Conditional Access authentication context id, c1 to c99');
  });

  test('a review start date late in the month fails', () => {
    const p = only(
      problemsOf((env) => {
        env.pim.accessReviews.startDate = '2026-01-31';
      }),
      'pim.accessReviews.startDate',
    );
    expect(p.message).toContain('"2026-01-31": the review recurs on this day of the month, so it must be the 1st to the 28th');
  });

  test('access reviews without PIM roles fail', () => {
    const p = only(
      problemsOf((env) => {
        delete env.pim.roles;
      }),
      'pim.accessReviews',
    );
    expect(p.message).toBe('reviews the eligible members of PIM groups, but pim.roles defines none; add roles or remove accessReviews');
  });
});

describe('warnings', () => {
  test('no access reviews is a warning', () => {
    const loaded = loadProd((env) => {
      delete env.pim.accessReviews;
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.environment!.warnings).toContainEqual(expect.stringMatching(/^pim\.accessReviews is not set: nobody reviews who is eligible for Global Administrator, /));
  });

});
