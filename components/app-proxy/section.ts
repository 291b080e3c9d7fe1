/**
 * `appProxy:` in an environment file: on-premises web apps published through Entra
 * Application Proxy. Structure and URL rules are checked by the schema below; references to
 * `groups:` are resolved once the whole file is known.
 */
import { z } from 'zod';
import { isGuid, NIL_GUID, normalizeGuid } from '../../core/ids';
import type { PathProblem } from '../../core/problems';
import { displayName, key } from '../../core/schema';
import type { Section } from '../section';
import { APP_PROXY_RULES } from './guardrails';
import { APP_PROXY_REPORT } from './report';
import { didYouMean } from '../../core/text';
/** `HTTP/hr.corp.example.local`, optionally with a port or a realm. */
const SPN = /^[A-Za-z][A-Za-z0-9-]*\/[^\s/]+(\/[^\s]+)?$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Application Proxy's own domain; every tenant may publish `https://<name>-<tenant>.msappproxy.net/`. */
export const APP_PROXY_DEFAULT_DOMAIN = 'msappproxy.net';

/** Values of Graph's kerberosSignOnMappingAttributeType (beta `kerberosSignOnSettings`). */
export const DELEGATED_LOGIN_IDENTITIES = [
  'userPrincipalName',
  'onPremisesUserPrincipalName',
  'userPrincipalUsername',
  'onPremisesUserPrincipalUsername',
  'onPremisesSAMAccountName',
] as const;
export type DelegatedLoginIdentity = (typeof DELEGATED_LOGIN_IDENTITIES)[number];

export type PreAuthentication = 'aad' | 'passthru';

const connectorGroupId = z
  .string()
  .superRefine((text, ctx) => {
    if (!isGuid(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(text)} has an unknown connector group format: a connector group id is a GUID (8-4-4-4-12 hex digits); copy it from Entra admin center > Application proxy > the connector group`,
      });
    } else if (text === NIL_GUID) {
      ctx.addIssue({ code: 'custom', message: 'is the nil GUID (all zeros), which no connector group has; copy the id from Entra admin center > Application proxy > the connector group' });
    }
  })
  .toLowerCase();

/** Parses an absolute URL; undefined when the text is not one. */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * The form Graph stores a published URL in (lower-case scheme and host, a path that ends in
 * `/`), so what synth sends is what a read returns and the plan shows no drift.
 */
export function canonicalUrl(text: string): string {
  const url = parseUrl(text);
  if (!url) throw new Error(`not a URL: ${text}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

const internalUrl = z.string().superRefine((text, ctx) => {
  const url = parseUrl(text);
  if (!url || !url.host) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(text)} is not a URL; write the address the connector reaches on the internal network, e.g. http://hr.corp.example.local/ (http or https)`,
    });
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} uses ${url.protocol.slice(0, -1)}; an internal URL must be http or https` });
  } else if (url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} has a query or fragment; an internal URL is a scheme, host and path only` });
  }
});

const externalUrl = z.string().superRefine((text, ctx) => {
  const url = parseUrl(text);
  if (!url || !url.host) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a URL; write https://<name>-<tenant>.msappproxy.net/ or a URL on a verified custom domain` });
  } else if (url.protocol !== 'https:') {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(text)} must be an https URL; Application Proxy publishes apps over https only (https://<name>-<tenant>.msappproxy.net/ or a verified custom domain)`,
    });
  } else if (url.port || url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} has a port, query or fragment; an external URL is https://<host>/<optional path>/ only` });
  }
});

const kerberos = z
  .strictObject({
    mode: z.enum(['kerberos', 'none']).describe('kerberos: constrained delegation to the backend; none: no single sign-on'),
    spn: z.string().optional().describe('with kerberos: the service principal name the connector delegates to, e.g. HTTP/hr.corp.example.local'),
    delegatedLoginIdentity: z.enum(DELEGATED_LOGIN_IDENTITIES).optional().describe('the identity delegated to the backend; default userPrincipalName'),
  })
  .superRefine((sso, ctx) => {
    if (sso.mode === 'kerberos' && (sso.spn === undefined || sso.spn.trim() === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['spn'],
        message: 'is required for kerberos single sign-on: the service principal name the connector delegates to, e.g. HTTP/hr.corp.example.local',
      });
    } else if (sso.mode === 'kerberos' && sso.spn !== undefined && !SPN.test(sso.spn)) {
      ctx.addIssue({ code: 'custom', path: ['spn'], message: `${JSON.stringify(sso.spn)} is not a service principal name; write <service>/<host>, e.g. HTTP/hr.corp.example.local` });
    }
    if (sso.mode === 'none' && (sso.spn !== undefined || sso.delegatedLoginIdentity !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'spn and delegatedLoginIdentity apply to mode: kerberos only; remove them or set mode: kerberos' });
    }
  });

const app = z.strictObject({
  displayName: displayName('an application').describe('the app\'s name in Entra'),
  internalUrl: internalUrl.describe('http or https: what the connector reaches on the internal network'),
  externalUrl: externalUrl.describe('https, on *.msappproxy.net or a verified custom domain; unique'),
  preAuthentication: z.enum(['aad', 'passthru']).optional().describe('aad (default) or passthru (fails synth unless PRM-APP001 is suppressed)'),
  assignedGroups: z.array(z.string().min(1)).optional().describe('keys of groups: or group object ids; the only way in'),
  translateHostHeader: z.boolean().optional().describe('default true'),
  translateLinksInBody: z.boolean().optional().describe('default false'),
  connectorGroupId: connectorGroupId.optional().describe('overrides appProxy.connectorGroupId for this app'),
  singleSignOn: kerberos.optional().describe('Kerberos constrained delegation to the backend'),
}).describe('one published app');

const isAppProxyDomain = (domain: string) => domain === APP_PROXY_DEFAULT_DOMAIN || domain.endsWith(`.${APP_PROXY_DEFAULT_DOMAIN}`);
const isVerifiableDomain = (domain: string) => DOMAIN.test(domain) && !isAppProxyDomain(domain);

const verifiedDomain = z.string().superRefine((text, ctx) => {
  if (!DOMAIN.test(text)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a DNS domain name; write it in lower case without a scheme, e.g. apps.meridian.example` });
  } else if (isAppProxyDomain(text)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is Application Proxy's own domain, which every tenant may use; list only your verified custom domains` });
  }
});

function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

const appProxySchema = z
  .strictObject({
    connectorGroupId: connectorGroupId.describe('the default connector group of the apps (GUID)'),
    assignConnectorGroup: z
      .boolean()
      .optional()
      .describe('default true: the deploy assigns the connector group (needs a signed-in user; see the App Proxy README)'),
    verifiedDomains: z.array(verifiedDomain).optional().describe('verified custom domains external URLs may use'),
    apps: z.record(key('app'), app).describe('the published apps by key; the key is the Terraform address of every resource of the app'),
  })
  .superRefine((proxy, ctx) => {
    const keys = Object.keys(proxy.apps);
    if (!keys.length) {
      ctx.addIssue({ code: 'custom', path: ['apps'], message: 'needs at least one app; remove appProxy: if the environment publishes none' });
    }
    const domains = proxy.verifiedDomains ?? [];
    // A bad verifiedDomains entry is reported on its own; judging URLs against it would only add noise.
    const domainsValid = domains.every(isVerifiableDomain);
    const seen = new Map<string, string>();
    for (const key of keys) {
      const text = proxy.apps[key]!.externalUrl;
      const url = parseUrl(text);
      if (!url) continue;
      const host = url.hostname;
      const allowed = (host.endsWith(`.${APP_PROXY_DEFAULT_DOMAIN}`) && host.split('.').length === 3) || domains.some((d) => onDomain(host, d));
      if (!allowed && domainsValid) {
        ctx.addIssue({
          code: 'custom',
          path: ['apps', key, 'externalUrl'],
          message:
            `${JSON.stringify(text)} is neither on *.${APP_PROXY_DEFAULT_DOMAIN} nor on a verified custom domain ` +
            `(${domains.length ? `appProxy.verifiedDomains: ${domains.join(', ')}` : 'appProxy.verifiedDomains lists none'}); ` +
            `use https://<name>-<tenant>.${APP_PROXY_DEFAULT_DOMAIN}/ or add the verified domain to appProxy.verifiedDomains`,
        });
      }
      const canonical = canonicalUrl(text).toLowerCase();
      const first = seen.get(canonical);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['apps', key, 'externalUrl'],
          message: `${JSON.stringify(text)} is also the external URL of ${first}; every published app needs its own external URL`,
        });
      } else {
        seen.set(canonical, key);
      }
    }
  });

type AppProxyInput = z.infer<typeof appProxySchema>;

export interface KerberosSingleSignOn {
  readonly mode: 'kerberos';
  /** The internal service principal name the connector requests a ticket for. */
  readonly spn: string;
  readonly delegatedLoginIdentity: DelegatedLoginIdentity;
}

export interface AssignedGroup {
  /** What the YAML wrote: a key of `groups:` or an object id. Part of the Terraform address. */
  readonly ref: string;
  readonly objectId: string;
}

export interface AppProxyAppSpec {
  readonly displayName: string;
  /** Canonical (see canonicalUrl). */
  readonly internalUrl: string;
  /** Canonical (see canonicalUrl). */
  readonly externalUrl: string;
  readonly preAuthentication: PreAuthentication;
  readonly assignedGroups: readonly AssignedGroup[];
  readonly translateHostHeader: boolean;
  readonly translateLinksInBody: boolean;
  readonly connectorGroupId: string;
  /** @default - no single sign-on to the backend */
  readonly singleSignOn?: KerberosSingleSignOn;
}

export interface AppProxySpec {
  /** From YAML (`assignConnectorGroup`, default true); a deploy run may still skip it (PERIMETER_SKIP_CONNECTOR_GROUP_ASSIGNMENT). */
  readonly assignConnectorGroup: boolean;
  readonly verifiedDomains: readonly string[];
  /** App key -> app. The key is the Terraform address of every resource of the app. */
  readonly apps: Readonly<Record<string, AppProxyAppSpec>>;
}

/** Resolves defaults and `assignedGroups` (object ids, or keys of `groups:`). */
function resolveAppProxy(
  input: AppProxyInput,
  groups: Readonly<Record<string, { readonly objectId: string }>>,
  problems: PathProblem[],
): AppProxySpec {
  const defined = Object.keys(groups).length ? `defined groups: ${Object.keys(groups).sort().join(', ')}` : 'no groups are defined';
  const apps: Record<string, AppProxyAppSpec> = {};
  for (const key of Object.keys(input.apps).sort()) {
    const a = input.apps[key]!;
    const path = ['appProxy', 'apps', key];
    const assignedGroups: AssignedGroup[] = [];
    const seen = new Map<string, string>();
    (a.assignedGroups ?? []).forEach((ref, i) => {
      if (ref === NIL_GUID) {
        problems.push({ path: [...path, 'assignedGroups', i], message: 'is the nil GUID (all zeros), which no group has; write a key of groups: or a group object id' });
        return;
      }
      const objectId = isGuid(ref) ? normalizeGuid(ref) : Object.hasOwn(groups, ref) ? groups[ref]!.objectId : undefined;
      if (objectId === undefined) {
        problems.push({
          path: [...path, 'assignedGroups', i],
          message: `group ${JSON.stringify(ref)} is not defined under groups${didYouMean(ref, Object.keys(groups))} (${defined}); write a key of groups: or a group object id`,
        });
        return;
      }
      const first = seen.get(objectId);
      if (first !== undefined) {
        problems.push({ path: [...path, 'assignedGroups', i], message: `${JSON.stringify(ref)} is the same group as ${JSON.stringify(first)}; list each group once` });
        return;
      }
      seen.set(objectId, ref);
      assignedGroups.push({ ref, objectId });
    });
    const sso = a.singleSignOn;
    apps[key] = {
      displayName: a.displayName,
      internalUrl: canonicalUrl(a.internalUrl),
      externalUrl: canonicalUrl(a.externalUrl),
      preAuthentication: a.preAuthentication ?? 'aad',
      assignedGroups,
      translateHostHeader: a.translateHostHeader ?? true,
      translateLinksInBody: a.translateLinksInBody ?? false,
      connectorGroupId: (a.connectorGroupId ?? input.connectorGroupId).toLowerCase(),
      ...(sso?.mode === 'kerberos' && sso.spn !== undefined
        ? { singleSignOn: { mode: 'kerberos', spn: sso.spn, delegatedLoginIdentity: sso.delegatedLoginIdentity ?? 'userPrincipalName' } }
        : {}),
    };
  }
  return {
    assignConnectorGroup: input.assignConnectorGroup ?? true,
    verifiedDomains: input.verifiedDomains ?? [],
    apps,
  };
}

const shape = {
  appProxy: appProxySchema
    .optional()
    .describe('on-premises apps published through Application Proxy; enables CA021 and CA022 (components/app-proxy/README.md)'),
};

export const appProxySection: Section<'appProxy', typeof shape, AppProxySpec | undefined> = {
  key: 'appProxy',
  shape,
  needs: [],
  resolve({ appProxy }, { groups }) {
    if (!appProxy) return { spec: undefined, problems: [], warnings: [] };
    const problems: PathProblem[] = [];
    const spec = resolveAppProxy(appProxy, groups, problems);
    return { spec, problems, warnings: [] };
  },
  protectedTargets: (spec) => Object.keys(spec?.apps ?? {}),
  suppressionTargets: (spec) => Object.keys(spec?.apps ?? {}),
  rules: APP_PROXY_RULES,
  reportSections: APP_PROXY_REPORT,
};
