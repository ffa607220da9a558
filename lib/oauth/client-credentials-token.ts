import { httpJson } from "./http-json";

/**
 * Requests an access token with the client credentials grant (RFC 6749 §4.4), for a resource
 * (RFC 8707) and an audience when given. The client authenticates with client_secret_basic
 * (RFC 6749 §2.3.1, with the form-encoding of id and secret it requires) unless
 * client_secret_post is asked for. Used by "Test connection" and by the Outbound OAuth2 rule.
 */
export async function requestClientCredentialsToken(
  tokenEndpoint: string,
  client: { id: string; secret: string },
  options: { scope?: string; resource?: string; audience?: string; authentication?: "client_secret_basic" | "client_secret_post"; timeoutMs?: number } = {},
): Promise<{ ok: true; accessToken: string; tokenType: string; expiresIn: number | null } | { ok: false; error: string }> {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  if (options.scope) body.set("scope", options.scope);
  if (options.resource) body.set("resource", options.resource);
  if (options.audience) body.set("audience", options.audience);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (options.authentication === "client_secret_post") {
    body.set("client_id", client.id);
    body.set("client_secret", client.secret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encode(client.id)}:${encode(client.secret)}`).toString("base64")}`;
  }
  const result = await httpJson(tokenEndpoint, { method: "POST", headers, body: body.toString(), timeoutMs: options.timeoutMs });
  if (!result.ok) return { ok: false, error: result.error };
  const answer = (result.body ?? {}) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
  if (result.status !== 200 || typeof answer.access_token !== "string") {
    const reason = typeof answer.error === "string" ? `${answer.error}${typeof answer.error_description === "string" ? `: ${answer.error_description}` : ""}` : `HTTP ${result.status}`;
    return { ok: false, error: `The token endpoint refused: ${reason}` };
  }
  return {
    ok: true,
    accessToken: answer.access_token,
    tokenType: typeof answer.token_type === "string" ? answer.token_type : "Bearer",
    expiresIn: typeof answer.expires_in === "number" ? answer.expires_in : null,
  };
}
