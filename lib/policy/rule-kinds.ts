/** Every rule kind, in the order the catalog lists them. Their definitions: rules/index.ts. */
export const RULE_KINDS = [
  "mcp-oauth2-client-credentials",
  "mcp-oauth2-jwt-validator",
  "api-key-authenticator",
  "anonymous-authenticator",
  "authorize-by-role",
  "ip-restriction",
  "cors-restriction",
  "client-throttling",
  "request-size-limit",
  "response-cache",
  "http-redirect",
  "http-retry",
  "response-transformer",
  "request-transformer",
  "outbound-basic-auth",
  "outbound-bearer-token",
  "outbound-oauth2-client-credentials",
] as const;

export type RuleKind = (typeof RULE_KINDS)[number];

export function isRuleKind(value: string): value is RuleKind {
  return (RULE_KINDS as readonly string[]).includes(value);
}
