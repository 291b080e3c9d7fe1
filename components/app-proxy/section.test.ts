import { loadMutated } from '../../__tests__/helpers/synth';

/** Loads a changed copy of the prod sample; returns its problems as users see them. */
const problemsOf = (edit: (env: Record<string, any>) => void): string[] => loadMutated('prod', edit).problems;

function load(edit: (env: Record<string, any>) => void = () => undefined) {
  const loaded = loadMutated('prod', edit);
  expect(loaded.problems).toEqual([]);
  return loaded.environment!;
}

describe('appProxy: the sample resolves', () => {
  test('defaults, canonical URLs, per-app connector groups and group keys become object ids', () => {
    const spec = load().appProxy!;
    expect(spec.assignConnectorGroup).toBe(false);
    expect(spec.verifiedDomains).toEqual(['apps.meridian.example']);
    expect(Object.keys(spec.apps)).toEqual(['engineering-wiki', 'finance-reporting', 'hr-portal']);
    expect(spec.apps['hr-portal']).toEqual({
      displayName: 'HR Portal',
      internalUrl: 'http://hr.corp.example.local/',
      externalUrl: 'https://hr-meridian.msappproxy.net/',
      preAuthentication: 'aad',
      assignedGroups: [{ ref: 'hr-staff', objectId: '6f000000-0000-4000-8000-000000000002' }],
      translateHostHeader: true,
      translateLinksInBody: false,
      connectorGroupId: 'c9000000-0000-4000-8000-000000000001',
      singleSignOn: { mode: 'kerberos', spn: 'HTTP/hr.corp.example.local', delegatedLoginIdentity: 'onPremisesUserPrincipalName' },
    });
    expect(spec.apps['engineering-wiki']!.connectorGroupId).toBe('c9000000-0000-4000-8000-000000000002');
    expect(spec.apps['engineering-wiki']!.translateLinksInBody).toBe(true);
    expect(spec.apps['finance-reporting']!.translateHostHeader).toBe(false);
    expect(spec.apps['finance-reporting']!.singleSignOn).toBeUndefined();
  });

  test('URLs are written as Graph stores them: lower-case host, trailing slash', () => {
    const spec = load((env) => {
      env.appProxy.apps['hr-portal'].internalUrl = 'http://HR.corp.example.local';
      env.appProxy.apps['hr-portal'].externalUrl = 'https://HR-Meridian.msappproxy.net';
    }).appProxy!;
    expect(spec.apps['hr-portal']!.internalUrl).toBe('http://hr.corp.example.local/');
    expect(spec.apps['hr-portal']!.externalUrl).toBe('https://hr-meridian.msappproxy.net/');
  });

  test('assignConnectorGroup defaults to true, delegatedLoginIdentity to userPrincipalName, groups may be object ids', () => {
    const spec = load((env) => {
      delete env.appProxy.assignConnectorGroup;
      env.appProxy.apps['hr-portal'].singleSignOn = { mode: 'kerberos', spn: 'HTTP/hr.corp.example.local' };
      env.appProxy.apps['hr-portal'].assignedGroups = ['6F000000-0000-4000-8000-0000000000AA'];
    }).appProxy!;
    expect(spec.assignConnectorGroup).toBe(true);
    expect(spec.apps['hr-portal']!.singleSignOn?.delegatedLoginIdentity).toBe('userPrincipalName');
    expect(spec.apps['hr-portal']!.assignedGroups).toEqual([
      { ref: '6F000000-0000-4000-8000-0000000000AA', objectId: '6f000000-0000-4000-8000-0000000000aa' },
    ]);
  });

  test('a subdomain of a verified custom domain is accepted', () => {
    const spec = load((env) => {
      env.appProxy.apps['hr-portal'].externalUrl = 'https://hr.emea.apps.meridian.example/';
    }).appProxy!;
    expect(spec.apps['hr-portal']!.externalUrl).toBe('https://hr.emea.apps.meridian.example/');
  });
});

describe('appProxy: bad input fails with a precise message', () => {
  test('an http external URL', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].externalUrl = 'http://hr-meridian.msappproxy.net/'))).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.apps\.hr-portal\.externalUrl: "http:\/\/hr-meridian\.msappproxy\.net\/" must be an https URL; Application Proxy publishes apps over https only/,
      ),
    ]);
  });

  test('an external URL on a domain that is neither msappproxy.net nor verified', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].externalUrl = 'https://hr.meridian-components.example/'))).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.apps\.hr-portal\.externalUrl: "https:\/\/hr\.meridian-components\.example\/" is neither on \*\.msappproxy\.net nor on a verified custom domain \(appProxy\.verifiedDomains: apps\.meridian\.example\); use https:\/\/<name>-<tenant>\.msappproxy\.net\/ or add the verified domain to appProxy\.verifiedDomains$/,
      ),
    ]);
  });

  test('an internal URL that is not a URL', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].internalUrl = 'hr.corp.example.local'))).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.apps\.hr-portal\.internalUrl: "hr\.corp\.example\.local" is not a URL; write the address the connector reaches on the internal network, e.g\. http:\/\/hr\.corp\.example\.local\/ \(http or https\)$/,
      ),
    ]);
  });

  test('an internal URL with a scheme other than http or https', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].internalUrl = 'ftp://hr.corp.example.local/'))).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.internalUrl: "ftp:\/\/hr\.corp\.example\.local\/" uses ftp; an internal URL must be http or https$/),
    ]);
  });

  test('duplicate external URLs, also when they differ only in case or the trailing slash', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].externalUrl = 'https://WIKI-meridian.msappproxy.net'))).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.apps\.engineering-wiki\.externalUrl: "https:\/\/wiki-meridian\.msappproxy\.net\/" is also the external URL of hr-portal; every published app needs its own external URL$/,
      ),
    ]);
  });

  test('an unknown connector group format, at the top and per app', () => {
    expect(
      problemsOf((env) => {
        env.appProxy.connectorGroupId = 'pune-connectors';
        env.appProxy.apps['engineering-wiki'].connectorGroupId = 'c9000000-0000-4000-8000';
      }),
    ).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.connectorGroupId: "pune-connectors" has an unknown connector group format: a connector group id is a GUID \(8-4-4-4-12 hex digits\)/,
      ),
      expect.stringMatching(/appProxy\.apps\.engineering-wiki\.connectorGroupId: "c9000000-0000-4000-8000" has an unknown connector group format/),
    ]);
  });

  test('a KCD setting without an SPN', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].singleSignOn = { mode: 'kerberos', delegatedLoginIdentity: 'userPrincipalName' }))).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.apps\.hr-portal\.singleSignOn\.spn: is required for kerberos single sign-on: the service principal name the connector delegates to, e\.g\. HTTP\/hr\.corp\.example\.local$/,
      ),
    ]);
  });

  test('an SPN that is not <service>/<host>', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].singleSignOn.spn = 'hr.corp.example.local'))).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.singleSignOn\.spn: "hr\.corp\.example\.local" is not a service principal name; write <service>\/<host>/),
    ]);
  });

  test('a delegated login identity outside the Graph enum', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].singleSignOn.delegatedLoginIdentity = 'samAccountName'))).toEqual([
      expect.stringMatching(
        /appProxy\.apps\.hr-portal\.singleSignOn\.delegatedLoginIdentity: "samAccountName" is not allowed; use one of: userPrincipalName \| onPremisesUserPrincipalName \| userPrincipalUsername \| onPremisesUserPrincipalUsername \| onPremisesSAMAccountName$/,
      ),
    ]);
  });

  test('a pre-authentication value other than aad or passthru', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].preAuthentication = 'none'))).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.preAuthentication: "none" is not allowed; use one of: aad \| passthru$/),
    ]);
  });

  test('an assigned group that is neither a key of groups: nor an object id, and a group listed twice', () => {
    expect(
      problemsOf((env) => (env.appProxy.apps['hr-portal'].assignedGroups = ['hr-staf', 'hr-staff', '6f000000-0000-4000-8000-000000000002'])),
    ).toEqual([
      expect.stringMatching(
        /^prod\.yaml:\d+: appProxy\.apps\.hr-portal\.assignedGroups\[0\]: group "hr-staf" is not defined under groups; did you mean "hr-staff"\? \(defined groups: engineering-staff, factory-floor-kiosks, finance-staff, hr-staff, it-staff, p2-licensed\); write a key of groups: or a group object id$/,
      ),
      expect.stringMatching(/appProxy\.apps\.hr-portal\.assignedGroups\[2\]: "6f000000-0000-4000-8000-000000000002" is the same group as "hr-staff"; list each group once$/),
    ]);
  });

  test('an unknown key under an app names the allowed keys', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].preauth = 'aad'))).toEqual([
      expect.stringMatching(
        /appProxy\.apps\.hr-portal\.preauth: unknown key "preauth"; allowed here: displayName, internalUrl, externalUrl, preAuthentication, assignedGroups, translateHostHeader, translateLinksInBody, connectorGroupId, singleSignOn$/,
      ),
    ]);
  });

  test('a verified domain that is Application Proxy\'s own', () => {
    expect(problemsOf((env) => (env.appProxy.verifiedDomains = ['msappproxy.net']))).toEqual([
      expect.stringMatching(/appProxy\.verifiedDomains\[0\]: "msappproxy\.net" is Application Proxy's own domain/),
    ]);
  });

  test('an external URL with a port, and an internal URL with a query', () => {
    expect(
      problemsOf((env) => {
        env.appProxy.apps['hr-portal'].externalUrl = 'https://hr-meridian.msappproxy.net:8443/';
        env.appProxy.apps['hr-portal'].internalUrl = 'http://hr.corp.example.local/?tab=1';
      }),
    ).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.internalUrl: "http:\/\/hr\.corp\.example\.local\/\?tab=1" has a query or fragment; an internal URL is a scheme, host and path only$/),
      expect.stringMatching(/appProxy\.apps\.hr-portal\.externalUrl: "https:\/\/hr-meridian\.msappproxy\.net:8443\/" has a port, query or fragment; an external URL is https:\/\/<host>\/<optional path>\/ only$/),
    ]);
  });

  test('a verified domain written as a URL', () => {
    expect(problemsOf((env) => (env.appProxy.verifiedDomains = ['https://apps.meridian.example']))).toEqual([
      expect.stringMatching(
        /appProxy\.verifiedDomains\[0\]: "https:\/\/apps\.meridian\.example" is not a DNS domain name; write it in lower case without a scheme, e\.g\. apps\.meridian\.example$/,
      ),
    ]);
  });

  test('an SPN with single sign-on mode none', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].singleSignOn.mode = 'none'))).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.singleSignOn: spn and delegatedLoginIdentity apply to mode: kerberos only; remove them or set mode: kerberos$/),
    ]);
  });

  test('an empty display name', () => {
    expect(problemsOf((env) => (env.appProxy.apps['hr-portal'].displayName = ' '))).toEqual([
      expect.stringMatching(/appProxy\.apps\.hr-portal\.displayName: must not be empty/),
    ]);
  });

  test('appProxy with no apps', () => {
    expect(problemsOf((env) => (env.appProxy.apps = {}))).toEqual([
      expect.stringMatching(/appProxy\.apps: needs at least one app; remove appProxy: if the environment publishes none$/),
    ]);
  });

  test('a stage for CA021 in an environment that publishes no apps', () => {
    expect(
      problemsOf((env) => {
        delete env.appProxy;
        env.policies.CA021 = { stage: 'enabled' };
      }),
    ).toEqual([expect.stringMatching(/^prod\.yaml:\d+: policies\.CA021: CA021 is part of an environment only when appProxy\.apps is set$/)]);
  });
});
