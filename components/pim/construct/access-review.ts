import { Construct } from '../../../app/cdktf';
import { MsgraphResource } from '../../../app/providers/msgraph';
import type { GraphBody, GraphValue } from '../../../core/graph-json';
import type { PimAccessReviews, PrincipalRef } from '../schema';

export interface PimAccessReviewProps {
  readonly settings: PimAccessReviews;
  /** The PIM group whose members are reviewed (a token is fine). */
  readonly groupObjectId: string;
  readonly groupDisplayName: string;
  readonly roleName: string;
  /** Terraform address of the review, e.g. `pim_global_administrator_access_review`. */
  readonly key: string;
}

function reviewer(p: PrincipalRef): GraphValue {
  return { query: p.kind === 'user' ? `/users/${p.objectId}` : `/groups/${p.objectId}/transitiveMembers`, queryType: 'MicrosoftGraph' };
}

/**
 * The accessReviewScheduleDefinition body (Graph v1.0). A group review of a group governed by
 * PIM for Groups covers its eligible members as well as its active ones (Microsoft Entra docs,
 * "Create an access review of PIM for Groups"), so the scope is the group's members.
 */
export function accessReviewBody(props: PimAccessReviewProps): GraphBody {
  const s = props.settings;
  return {
    displayName: `Quarterly review: ${props.groupDisplayName}`,
    descriptionForAdmins: `Who may activate ${props.roleName}: eligible and active members of ${props.groupDisplayName}. Declared by perimeter; remove denied members from the environment file as well.`,
    descriptionForReviewers: `Confirm that each person still needs to be able to activate ${props.roleName}. Deny anyone who no longer does.`,
    scope: {
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: `/groups/${props.groupObjectId}/transitiveMembers`,
      queryType: 'MicrosoftGraph',
    },
    reviewers: s.reviewers.map(reviewer),
    // Graph docs (accessreviews-reviewers-concept): reviews of PIM-governed groups need at least
    // one fallback reviewer; the same people serve, so the review never lacks a reviewer.
    fallbackReviewers: s.reviewers.map(reviewer),
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: true,
      defaultDecisionEnabled: s.defaultDecision !== 'None',
      defaultDecision: s.defaultDecision,
      instanceDurationInDays: s.durationInDays,
      autoApplyDecisionsEnabled: s.autoApplyDecisions,
      recommendationsEnabled: true,
      recurrence: {
        pattern: { type: 'absoluteMonthly', interval: s.intervalMonths, dayOfMonth: Number(s.startDate.slice(8, 10)) },
        range: { type: 'noEnd', startDate: s.startDate },
      },
    },
  };
}

/** `msgraph_resource.<key>`: the recurring review of one PIM group's members. */
export class PimAccessReview extends Construct {
  readonly definition: MsgraphResource;

  constructor(scope: Construct, id: string, props: PimAccessReviewProps) {
    super(scope, id);
    this.definition = new MsgraphResource(this, 'definition', {
      url: 'identityGovernance/accessReviews/definitions',
      body: accessReviewBody(props),
    });
    this.definition.overrideLogicalId(props.key);
  }
}
