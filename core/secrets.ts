/**
 * Credentials that must never be in an environment file: whatever is there reaches
 * cdk.tf.json, the PR comment and the git history. perimeter needs none (deploys use OIDC),
 * so anything that looks like one is refused where it is written.
 */

const SECRETS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON web token (an access or ID token)'],
  // Entra ID client secrets: three characters, a digit, "Q~", then 31 to 34 more.
  [/(?:^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?:$|[^A-Za-z0-9_~.-])/, 'an Entra ID client secret'],
  // Azure storage account keys: 64 bytes, base64.
  [/(?:^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==/, 'a storage account key'],
  [/\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|ClientSecret|Password|Pwd)=[^;\s]+/i, 'a connection string with a key or password'],
  [/(?:^|[?&])sig=[A-Za-z0-9%+/=]{20,}/, 'a shared access signature (SAS) token'],
  [/(?:^|[?&])sv=\d{4}-\d{2}-\d{2}&/, 'a shared access signature (SAS) token'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key'],
];

/** A URL with a user name or password in it (`https://user:pass@host/`). */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^/?#\s@]*@/i;

/** What kind of credential a string holds, in words, or undefined. */
export function secretIn(text: string): string | undefined {
  if (URL_USERINFO.test(text)) return 'a URL with a user name or password in it (https://user:password@host)';
  for (const [pattern, what] of SECRETS) if (pattern.test(text)) return what;
  return undefined;
}

/** A text with the user name and password of every URL in it replaced by `***`: what a report may print. */
export function withoutUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, '$1***@');
}
