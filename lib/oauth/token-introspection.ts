import { httpJson } from "./http-json";

/**
 * OAuth 2.0 Token Introspection (RFC 7662) for opaque access tokens. The gateway
 * authenticates as the rule's client: client_secret_basic first (RFC 6749 §2.3.1, with the
 * form-encoding of id and secret it requires), client_secret_post when the server refuses it.
 */
export type IntrospectionResponse = {
  active: boolean;
  scope?: string;
  client_id?: string;
  sub?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  aud?: string | string[];
  iss?: string;
  token_type?: string;
  [claim: string]: unknown;
};

const form = (values: Record<string, string>) => new URLSearchParams(values).toString();

export async function introspectToken(
  endpoint: string,
  token: string,
  client: { id: string; secret: string },
  timeoutMs = 5_000,
): Promise<{ ok: true; response: IntrospectionResponse } | { ok: false; error: string }> {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const basic = Buffer.from(`${encode(client.id)}:${encode(client.secret)}`).toString("base64");
  const headers = { "content-type": "application/x-www-form-urlencoded" };
  let result = await httpJson(endpoint, {
    method: "POST",
    headers: { ...headers, authorization: `Basic ${basic}` },
    body: form({ token, token_type_hint: "access_token" }),
    timeoutMs,
  });
  if (result.ok && (result.status === 401 || result.status === 400)) {
    result = await httpJson(endpoint, {
      method: "POST",
      headers,
      body: form({ token, token_type_hint: "access_token", client_id: client.id, client_secret: client.secret }),
      timeoutMs,
    });
  }
  if (!result.ok) return { ok: false, error: result.error };
  if (result.status !== 200) return { ok: false, error: `introspection at ${endpoint} answered HTTP ${result.status}` };
  const response = result.body as IntrospectionResponse;
  if (typeof response !== "object" || response === null || typeof response.active !== "boolean") {
    return { ok: false, error: `introspection at ${endpoint} did not answer with an "active" member` };
  }
  return { ok: true, response };
}
