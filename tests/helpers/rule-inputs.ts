/** Rule inputs as the console and the REST API send them, with only the fields a test cares about. */

export function anonymousRule(roles: string[] = ["anonymous"], id?: string) {
  return { id, kind: "anonymous-authenticator", config: { roles } };
}

export function roleRule(roles: string[], id?: string) {
  return { id, kind: "authorize-by-role", config: { roles: roles.map((role) => ({ role, condition: "true" })) } };
}

export function clientCredentialsRule(clientSecret: unknown, id?: string) {
  return {
    id,
    kind: "mcp-oauth2-client-credentials",
    config: {
      tokenEndpointUrl: "https://auth.example.com/oauth/token",
      clientId: "gatehouse",
      clientSecret,
      authDomain: "https://auth.example.com",
    },
  };
}

export type ApiKeyInput = {
  id?: string;
  description: string;
  roles?: string[];
  expiresAt?: string | null;
  revoked?: boolean;
  rotate?: boolean;
  prefix?: string;
  hash?: string;
  createdAt?: string;
  revokedAt?: string | null;
};

export function apiKeyRule(keys: ApiKeyInput[], id?: string) {
  return { id, kind: "api-key-authenticator", config: { keys } };
}
