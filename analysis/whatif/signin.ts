/**
 * A sign-in as the offline What If evaluator sees it. Every condition input is optional:
 * `undefined` means "not known", and a policy that depends on it is reported as
 * `notEnoughInformation` with the input that would decide, never guessed.
 */
import type { AppSuite } from '../../core/microsoft/app-sets';
import { DEVICE_PLATFORMS, type DevicePlatform } from '../../core/microsoft/well-known';
import type { GuestOrExternalUserTypeName, RiskLevelName } from '../model/types';
import type { DeviceView, PropertyValue } from './device-filter';

export type ClientApp = 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
export const CLIENT_APPS: readonly ClientApp[] = ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'];

/** `unknown`: a platform Entra cannot recognise (ChromeOS, a spoofed user agent). */
export type SignInPlatform = DevicePlatform | 'unknown';
export const SIGN_IN_PLATFORMS: readonly SignInPlatform[] = [...DEVICE_PLATFORMS, 'unknown'];

export type Flow = 'none' | 'deviceCodeFlow' | 'authenticationTransfer';
export const FLOWS: readonly Flow[] = ['none', 'deviceCodeFlow', 'authenticationTransfer'];

/**
 * - `unregistered`: not known to Entra; every device property is null.
 * - `registered`: Entra registered (trustType Workplace), not compliant.
 * - `compliant`: Intune compliant (isCompliant True).
 * - `hybrid`: Entra hybrid joined (trustType ServerAD).
 * Properties given explicitly override what the state implies.
 */
export type DeviceState = 'unregistered' | 'registered' | 'compliant' | 'hybrid';
export const DEVICE_STATES: readonly DeviceState[] = ['unregistered', 'registered', 'compliant', 'hybrid'];

export interface DeviceInput {
  readonly state: DeviceState;
  /** Canonical property names (`trustType`, `model`, `extensionAttribute1`, ...). */
  readonly properties?: Readonly<Record<string, string | readonly string[]>>;
}

export type GuestType = Exclude<GuestOrExternalUserTypeName, 'none'>;

/** Ids are compared exactly: write GUIDs in lower case (resolveSignIn does). */
export interface UserInput {
  /** Object id, lower-case. Absent: a user no policy names by id. */
  readonly id?: string;
  /**
   * Ids of the groups the user is a member of, directly or nested: GUIDs, or Terraform
   * addresses for groups the stack creates. Membership the stack declares (`members`) is added.
   */
  readonly groups?: readonly string[];
  /** Template ids of the directory roles the user holds actively (not merely eligible). */
  readonly roles?: readonly string[];
  /** Absent or `none`: an internal member. */
  readonly guestType?: GuestType | 'none';
  /** The home tenant of a guest; needed only when a policy enumerates external tenants. */
  readonly externalTenantId?: string;
  /**
   * True when `groups` and `roles` are not known (a sign-in log carries neither): a policy that
   * names a group the stack does not declare the members of, or a role, is then undecided for
   * this user unless something else decides it. @default false: `groups` and `roles` are complete
   */
  readonly membershipsUnknown?: boolean;
}

/** The resource a token is requested for, or a user action. */
export type ResourceInput =
  | {
      readonly kind: 'app';
      /** Application (client) id. Absent: an app no policy names (only `All` reaches it). */
      readonly appId?: string;
      /** The app groups the app belongs to (from analysis/app-sets.ts for a known app id). */
      readonly suites: readonly AppSuite[];
    }
  | { readonly kind: 'userAction'; readonly action: string }
  /** An app asks for an authentication context (`c1`), as PIM does at activation: the policies that target it apply. */
  | { readonly kind: 'authenticationContext'; readonly id: string };

export interface SignIn {
  readonly user: UserInput;
  readonly resource: ResourceInput;
  readonly clientApp?: ClientApp;
  readonly platform?: SignInPlatform;
  /** Public egress address. */
  readonly ip?: string;
  /** ISO 3166 code the IP maps to, or `unknown` when it maps to none. */
  readonly country?: string;
  /** Country the Authenticator app reports by GPS (for GPS-based country locations). */
  readonly gpsCountry?: string;
  readonly device?: DeviceInput;
  readonly signInRisk?: RiskLevelName;
  readonly userRisk?: RiskLevelName;
  readonly flow?: Flow;
}

/** Canonical names only reach here (the filter parser canonicalises them). */
const isExtensionAttribute = (property: string) => property.length > 18 && property.startsWith('extensionAttribute');

/** What a device filter sees for a sign-in's device (see device-filter.ts for null vs unknown). */
const UNKNOWN_DEVICE: DeviceView = () => undefined;
const UNREGISTERED_DEVICE: DeviceView = () => null;

export function deviceView(device: DeviceInput | undefined): DeviceView {
  if (!device) return UNKNOWN_DEVICE;
  if (device.state === 'unregistered') return UNREGISTERED_DEVICE;
  const props = device.properties ?? {};
  const managed = device.state === 'compliant' || device.state === 'hybrid';
  return (property: string): PropertyValue => {
    if (!managed && isExtensionAttribute(property)) return null;
    const given = props[property];
    if (given !== undefined) return given;
    switch (property) {
      case 'isCompliant':
        return device.state === 'compliant' ? 'True' : device.state === 'registered' ? 'False' : undefined;
      case 'trustType':
        return device.state === 'hybrid' ? 'ServerAD' : device.state === 'registered' ? 'Workplace' : undefined;
      default:
        return undefined;
    }
  };
}
