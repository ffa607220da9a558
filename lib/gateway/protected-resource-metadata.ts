import type { GatewayRequest, GatewayResponse } from "./gateway-request";
import type { GatewayRoute } from "./route-table";

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) of a route whose policy has an OAuth2
 * rule: clients read it to find the authorization server (the MCP authorization spec asks
 * this of MCP clients; any OAuth client may use it for an API service). Public information,
 * so any origin may read it.
 */
const CORS = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, OPTIONS", "access-control-allow-headers": "mcp-protocol-version" };

export function protectedResourceMetadata(request: GatewayRequest, resourcePath: string, route: GatewayRoute | undefined, noun: string): GatewayResponse {
  if (!route?.target.enabled || !route.policy?.oauth) {
    const body = Buffer.from(JSON.stringify({ error: "not_found", error_description: `No OAuth-protected ${noun} at ${resourcePath}` }));
    return { status: 404, headers: { ...CORS, "content-type": "application/json", "content-length": String(body.length) }, body };
  }
  if (request.method === "OPTIONS") return { status: 204, headers: { ...CORS, "access-control-max-age": "86400" }, body: null };
  const body = Buffer.from(
    JSON.stringify({
      resource: `${request.selfOrigin}${resourcePath}`,
      authorization_servers: route.policy.oauth.authorizationServers,
      scopes_supported: route.policy.oauth.scopes,
      bearer_methods_supported: ["header"],
      resource_name: route.target.name,
    }),
  );
  return { status: 200, headers: { ...CORS, "content-type": "application/json", "content-length": String(body.length), "cache-control": "max-age=300" }, body };
}
