/**
 * App Proxy in the report and the diff, in identity terms: "HR Portal publishes
 * http://hr.corp.example.local/ at https://hr-meridian.msappproxy.net/, Entra ID pre-authentication,
 * Kerberos single sign-on", "group hr-staff may use HR Portal", never `onPremisesPublishing.externalAuthenticationType`.
 */
import { TF } from '../../core/addresses';
import type { EnvironmentModel, SynthesizedResource } from '../../analysis/model/types';
import { blockOf } from '../../analysis/report/describe';
import type { ResourceDescription, ResourceSection } from '../../analysis/report/sections';

/** Graph calls on an App Proxy application or its service principal name the template resource in their URL. */
const onAppProxyApp = (config: Readonly<Record<string, unknown>>) =>
  [config.url, config.resource_url].some((u) => typeof u === 'string' && u.includes(`\${${TF.applicationFromTemplate}.`));


const yes = (v: unknown) => (v === true ? 'yes' : 'no');

/** The app a Graph call or assignment is about, by the name the environment gives it. */
function appOf(model: EnvironmentModel, r: SynthesizedResource): string {
  const text = String(r.config.url ?? r.config.resource_url ?? r.config.resource_object_id ?? '');
  const m = new RegExp(`\\$\\{${TF.applicationFromTemplate}\\.([a-zA-Z0-9_-]+)\\.`).exec(text);
  if (!m) return r.address;
  const app = model.resources.find((x) => x.type === TF.applicationFromTemplate && x.name === m[1]);
  return typeof app?.config.display_name === 'string' ? app.config.display_name : m[1]!;
}

const PRE_AUTH: Readonly<Record<string, string>> = { aadPreAuthentication: 'Entra ID pre-authentication', passthru: 'passthrough: no pre-authentication' };

function describeAppProxy(r: SynthesizedResource, model: EnvironmentModel): ResourceDescription | undefined {
  const facts = new Map<string, { text: string; raw?: string }>();
  if (r.type === TF.applicationFromTemplate) {
    facts.set('kind', { text: 'on-premises application published through Application Proxy (from the gallery template)' });
    return { subject: `App Proxy app ${String(r.config.display_name ?? r.name)}`, facts };
  }
  if (r.type === TF.appRoleAssignment) {
    const principal = String(r.config.principal_object_id ?? '');
    const label = model.labelOf(principal.toLowerCase());
    return { subject: `${label === principal.toLowerCase() ? `group ${principal}` : label} may use ${appOf(model, r)}`, facts: new Map([['assignment', { text: 'assigned to the app (users outside it cannot sign in)' }]]) };
  }
  const body = blockOf(r.config.body);
  const publishing = blockOf(body.onPremisesPublishing);
  if (Object.keys(publishing).length) {
    facts.set('publishes', { text: `${String(publishing.internalUrl ?? '?')} at ${String(publishing.externalUrl ?? '?')}` });
    facts.set('pre-authentication', { text: PRE_AUTH[String(publishing.externalAuthenticationType)] ?? String(publishing.externalAuthenticationType ?? 'not set') });
    const kerberos = blockOf(blockOf(publishing.singleSignOnSettings).kerberosSignOnSettings);
    facts.set('single sign-on', { text: kerberos.kerberosServicePrincipalName ? `Kerberos as ${String(kerberos.kerberosServicePrincipalName)}` : 'none' });
    facts.set('cookies', { text: `HTTP-only ${yes(publishing.isHttpOnlyCookieEnabled)}, secure ${yes(publishing.isSecureCookieEnabled)}, persistent ${yes(publishing.isPersistentCookieEnabled)}` });
    facts.set('translates', { text: `host header ${yes(publishing.isTranslateHostHeaderEnabled)}, links in the body ${yes(publishing.isTranslateLinksInBodyEnabled)}` });
    return { subject: `${appOf(model, r)}: publishing`, facts };
  }
  if ('appRoleAssignmentRequired' in body) {
    facts.set('assignment required', { text: body.appRoleAssignmentRequired === true ? 'yes: only assigned groups can sign in' : 'no: every user of the tenant can sign in' });
    return { subject: `${appOf(model, r)}: who may sign in`, facts };
  }
  const web = blockOf(body.web);
  if (Object.keys(web).length) {
    facts.set('home page', { text: String(web.homePageUrl ?? 'not set') });
    facts.set('redirect URIs', { text: Array.isArray(web.redirectUris) ? web.redirectUris.map(String).join(', ') : 'none' });
    return { subject: `${appOf(model, r)}: sign-in addresses`, facts };
  }
  return undefined;
}

export const APP_PROXY_REPORT: readonly ResourceSection[] = [
  {
    title: 'App Proxy apps',
    matches: (r) =>
      r.type === TF.applicationFromTemplate || r.type === TF.appRoleAssignment || (r.type.startsWith('msgraph_') && onAppProxyApp(r.config)),
    describe: describeAppProxy,
  },
];
