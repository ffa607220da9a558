import type { Challenge } from "./types";

/**
 * WWW-Authenticate for a refused request (RFC 9110 §11.6.1). Bearer challenges follow RFC
 * 6750 §3 with the `resource_metadata` parameter of RFC 9728 §5.1, which MCP clients use to
 * find the authorization server. When a policy has an OAuth2 rule, its Bearer challenge is
 * the one sent; an API key's plain Bearer challenge would only hide it.
 */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

export function formatChallenges(challenges: Challenge[], error?: { code: "invalid_token" | "invalid_request" | "insufficient_scope"; description: string }): string {
  const hasOAuth = challenges.some((challenge) => challenge.oauth);
  const kept: Challenge[] = [];
  for (const challenge of challenges) {
    if (challenge.scheme === "Bearer" && hasOAuth && !challenge.oauth) continue;
    if (challenge.scheme === "Bearer" && kept.some((candidate) => candidate.scheme === "Bearer")) {
      // One Bearer challenge: merge the scopes of several OAuth2 rules.
      const bearer = kept.find((candidate) => candidate.scheme === "Bearer")!;
      const scopes = new Set([...(bearer.params.scope ?? "").split(" "), ...(challenge.params.scope ?? "").split(" ")].filter(Boolean));
      if (scopes.size) bearer.params = { ...bearer.params, scope: [...scopes].join(" ") };
      continue;
    }
    kept.push({ ...challenge, params: { ...challenge.params } });
  }
  if (kept.length === 0) kept.push({ scheme: "Bearer", params: { realm: "gatehouse" }, oauth: false });
  // The OAuth2 challenge leads whatever the rules' order: MCP clients read only the first one
  // (the MCP SDK ignores a WWW-Authenticate that does not start with Bearer).
  if (hasOAuth) kept.sort((a, b) => Number(b.oauth) - Number(a.oauth));
  return kept
    .map((challenge) => {
      const params = { ...challenge.params };
      if (error && challenge.scheme === "Bearer") Object.assign(params, { error: error.code, error_description: error.description });
      return `${challenge.scheme} ${Object.entries(params).map(([name, value]) => `${name}=${quote(value)}`).join(", ")}`;
    })
    .join(", ");
}
