/**
 * The one list of components. The environment schema, resolution, the Environment type,
 * suppression targets, staged items (for the brake and the ring rule), the guardrail rules and
 * the report sections all derive from it. Order matters: a section may read the resolved
 * sections listed before it (`needs`), and the report shows their tables in this order.
 *
 * Adding a component: its folder under components/, one line here, and its wiring in
 * app/stack.ts (construction order and cross-component bindings are explicit there).
 */
import type { ResourceSection } from '../analysis/report/sections';
import { appProxySection } from './app-proxy/section';
import { authenticationContextsSection } from './authentication-contexts/section';
import { authenticationMethodsSection } from './authentication-methods/section';
import { authorizationSection } from './authorization/section';
import { breakGlassSection } from './break-glass/section';
import { conditionalAccessSection } from './conditional-access/section';
import { deviceRegistrationSection } from './device-registration/section';
import { directoryRolePoliciesSection } from './directory-role-policies/section';
import { coverageSection } from './coverage/section';
import { directorySyncSection } from './directory-sync/section';
import { licensingSection } from './licensing/section';
import { namedLocationsSection } from './named-locations/section';
import { pimSection } from './pim/section';
import { promotionSection } from './promotion/section';
import { stateBackendSection } from './state-backend/section';
import { telemetrySection } from './telemetry/section';
import { wavesSection } from './waves/section';

export const SECTIONS = [
  breakGlassSection,
  namedLocationsSection,
  directorySyncSection,
  pimSection,
  appProxySection,
  licensingSection,
  wavesSection,
  conditionalAccessSection,
  authenticationContextsSection,
  authenticationMethodsSection,
  authorizationSection,
  deviceRegistrationSection,
  directoryRolePoliciesSection,
  promotionSection,
  telemetrySection,
  stateBackendSection,
  coverageSection,
] as const;

/** The components' report sections, in registry order: the tables the report and the diff show for each resource type. */
export const REPORT_SECTIONS: readonly ResourceSection[] = SECTIONS.flatMap((s): readonly ResourceSection[] => ('reportSections' in s ? (s.reportSections ?? []) : []));
