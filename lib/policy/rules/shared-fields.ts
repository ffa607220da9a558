import { field } from "../fields";
import { FORWARDING_HEADERS, HOP_BY_HOP_HEADERS } from "../http-header-names";

/**
 * Fields and checks shared by several rule kinds, so that the same concept has the same
 * label, help text and validation wherever it appears.
 */

/** A role name: printable, no spaces (roles often come from a space-separated `scope`). */
export function roleName(value: string): string | null {
  if (value.length > 200) return "A role has at most 200 characters";
  return /^[\x21-\x7e]+$/.test(value) ? null : `"${value}" is not a valid role: use printable characters without spaces`;
}

/** An HTTP header name as RFC 9110 §5.1 defines a field name (a token). */
export function headerName(value: string): string | null {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value) ? null : `"${value}" is not a valid header name`;
}

/**
 * A request header a transform rule may add, remove or rename: not Authorization (the
 * Outbound rules own it, and a caller's credential must never be passed on by renaming it),
 * not Host or Content-Length (they frame the request), not hop-by-hop fields and not the
 * forwarding headers the gateway writes itself.
 */
const GATEWAY_REQUEST_HEADERS = new Set(["authorization", "host", "content-length", ...HOP_BY_HOP_HEADERS, ...FORWARDING_HEADERS]);

export function requestHeaderName(value: string): string | null {
  const lower = value.toLowerCase();
  if (lower === "authorization") return "Authorization is off limits: set upstream credentials with an Outbound rule";
  if (GATEWAY_REQUEST_HEADERS.has(lower)) return `${value} is managed by the gateway and cannot be changed`;
  return headerName(value);
}

/** A response header a transform rule may change: not the ones that frame the body (Content-Length, hop-by-hop). */
const FRAMING_RESPONSE_HEADERS = new Set(["content-length", ...HOP_BY_HOP_HEADERS]);

export function responseHeaderName(value: string): string | null {
  if (FRAMING_RESPONSE_HEADERS.has(value.toLowerCase())) return `${value} is managed by the gateway and cannot be changed`;
  return headerName(value);
}

/** A space-separated list of OAuth2 scopes (RFC 6749 §3.3). */
export function scopeList(value: string): string | null {
  return /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(value) ? null : "Separate scopes with single spaces (RFC 6749 §3.3)";
}

/**
 * An HTTP field value (RFC 9110 §5.5): CR, LF, NUL and the other controls except tab are not
 * allowed; a value with them would split the header or be refused mid-request, not at save.
 */
export function headerValue(value: string): string | null {
  return /[\x00-\x08\x0a-\x1f\x7f]/.test(value) ? "Line breaks and control characters are not allowed" : null;
}

export const authDomainField = () =>
  field.url({
    label: "Auth Domain",
    help: "The authorization server's issuer URL (for example https://login.example.com/realms/mcp). Tokens must carry exactly this `iss`; its metadata (/.well-known/openid-configuration or /.well-known/oauth-authorization-server) is used to find the signing keys.",
    placeholder: "https://auth.example.com",
  });

export const jwksUrlField = () =>
  field.url({
    label: "Extract Keys from URL",
    help: "The JWKS URL the signing keys are fetched from. Leave empty to discover it from the Auth Domain's metadata. Keys are cached and refreshed in the background.",
    placeholder: "https://auth.example.com/.well-known/jwks.json",
    required: false,
  });

export const userIdExpressionField = () =>
  field.cel({
    label: "User ID Expression",
    help: "CEL expression over `claims` that returns the caller's user ID. It identifies the caller in logs, rate limits and conditions.",
    variables: ["claims"],
    returns: "string",
    default: "claims.sub",
  });

export const DEFAULT_ROLES_EXPRESSION = 'has(claims.scope) ? claims.scope.split(" ") : []';

export const rolesExpressionField = () =>
  field.cel({
    label: "Roles Expression",
    help: "CEL expression over `claims` that returns the caller's roles as a list of strings. The default splits the token's space-separated `scope` claim; for Keycloak realm roles use `claims.realm_access.roles`.",
    variables: ["claims"],
    returns: "list",
    default: DEFAULT_ROLES_EXPRESSION,
  });
