import { TF } from '../../core/addresses';
import type { ResourceSection } from '../../analysis/report/sections';

/** Graph calls on an App Proxy application or its service principal name the template resource in their URL. */
const onAppProxyApp = (config: Readonly<Record<string, unknown>>) =>
  [config.url, config.resource_url].some((u) => typeof u === 'string' && u.includes(`\${${TF.applicationFromTemplate}.`));

export const APP_PROXY_REPORT: readonly ResourceSection[] = [
  {
    title: 'App Proxy apps',
    matches: (r) =>
      r.type === TF.applicationFromTemplate || r.type === TF.appRoleAssignment || (r.type.startsWith('msgraph_') && onAppProxyApp(r.config)),
  },
];
