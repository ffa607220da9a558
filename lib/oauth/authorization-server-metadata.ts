import { httpJson } from "./http-json";

/**
 * Authorization server metadata (RFC 8414; OpenID Connect Discovery 1.0). For an issuer
 * with a path, RFC 8414 §3.1 inserts the well-known segment before the path and OpenID
 * Connect appends it; both are tried, as the MCP authorization spec asks of clients. The
 * document's `issuer` must be exactly the configured one (RFC 8414 §3.3), so a metadata
 * document cannot point the gateway at someone else's keys.
 */
export type AuthorizationServerMetadata = {
  issuer: string;
  jwks_uri?: string;
  token_endpoint?: string;
  introspection_endpoint?: string;
  introspection_endpoint_auth_methods_supported?: string[];
  scopes_supported?: string[];
};

export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  const origin = url.origin;
  const urls = [
    `${origin}${path}/.well-known/openid-configuration`,
    `${origin}/.well-known/openid-configuration${path}`,
    `${origin}/.well-known/oauth-authorization-server${path}`,
  ];
  return [...new Set(urls)];
}

export async function fetchAuthorizationServerMetadata(issuer: string, timeoutMs = 5_000): Promise<{ ok: true; metadata: AuthorizationServerMetadata } | { ok: false; error: string }> {
  const problems: string[] = [];
  for (const url of metadataUrls(issuer)) {
    const result = await httpJson(url, { timeoutMs });
    if (!result.ok) {
      problems.push(result.error);
      continue;
    }
    if (result.status !== 200) {
      problems.push(`${url}: HTTP ${result.status}`);
      continue;
    }
    const metadata = result.body as AuthorizationServerMetadata;
    if (typeof metadata !== "object" || metadata === null || typeof metadata.issuer !== "string") {
      problems.push(`${url}: not an authorization server metadata document`);
      continue;
    }
    if (metadata.issuer !== issuer) {
      problems.push(`${url}: names the issuer ${metadata.issuer}, not ${issuer} (the Auth Domain must be the exact issuer)`);
      continue;
    }
    return { ok: true, metadata };
  }
  return { ok: false, error: `No metadata found for ${issuer}: ${problems.join("; ")}` };
}
