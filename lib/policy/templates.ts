import { defaultConfig } from "./fields";
import { RULE_CATALOG } from "./rule-catalog";
import type { RuleKind } from "./rule-kinds";

/**
 * Starting points for the three configurations a new user needs, as the product page
 * describes them. A template fills the editor; nothing is saved until the user saves.
 */
export type PolicyTemplate = {
  id: string;
  name: string;
  description: string;
  rules: { kind: RuleKind; config: Record<string, unknown> }[];
};

function rule(kind: RuleKind, overrides: Record<string, unknown> = {}) {
  const entry = RULE_CATALOG.find((candidate) => candidate.kind === kind);
  if (!entry) throw new Error(`Unknown rule kind ${kind}`);
  return { kind, config: { ...defaultConfig(entry.fields), ...overrides } };
}

const roles = (...names: string[]) => ({ roles: names.map((role) => ({ role, condition: "true" })) });

export const POLICY_TEMPLATES: PolicyTemplate[] = [
  {
    id: "mcp-oauth2-client-credentials",
    name: "MCP OAuth2 Client Credentials",
    description: "Application-to-application access with OAuth2 client credentials tokens.",
    rules: [rule("mcp-oauth2-client-credentials"), rule("authorize-by-role", roles("mcp:access", "read:data", "write:data"))],
  },
  {
    id: "mcp-oauth2-jwt",
    name: "MCP OAuth2 JWT",
    description: "Users signed in through your identity provider, with JWT access tokens.",
    rules: [rule("mcp-oauth2-jwt-validator"), rule("authorize-by-role", roles("oauth"))],
  },
  {
    id: "anonymous",
    name: "Anonymous (development only)",
    description: "No authentication: every caller gets the anonymous role. For development and internal testing only.",
    rules: [rule("anonymous-authenticator"), rule("authorize-by-role", roles("anonymous"))],
  },
];
