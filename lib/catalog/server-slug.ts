/**
 * The slug of an MCP server is the last segment of its gateway URL (`/mcp/<slug>`). It is a
 * DNS-label-like name (RFC 1035 §2.3.1, lower case): letters, digits and hyphens, at most 63
 * characters, starting and ending with a letter or digit, so it never needs escaping in a
 * URL, a shell or a client's configuration file. Pure: the console derives it while you type.
 */
export const SERVER_SLUG_MAX = 63;

/**
 * Names kept for Gatehouse's own endpoints beside the servers' (health and metrics probes,
 * OAuth metadata and callbacks) and for words that would read as part of the gateway itself.
 */
export const RESERVED_SERVER_SLUGS: readonly string[] = [
  "admin",
  "api",
  "auth",
  "authorize",
  "callback",
  "console",
  "gatehouse",
  "health",
  "healthz",
  "jwks",
  "livez",
  "login",
  "logout",
  "mcp",
  "metrics",
  "oauth",
  "oauth2",
  "readyz",
  "register",
  "static",
  "status",
  "token",
  "well-known",
];

/** "Billing Tools (EU)" → "billing-tools-eu"; "" when the name has no letter or digit. */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, SERVER_SLUG_MAX)
    .replace(/-+$/, "");
}

/** Why a slug cannot be used, or null when it can. */
export function slugProblem(slug: string): string | null {
  if (slug.length === 0) return "Enter a slug";
  if (slug.length > SERVER_SLUG_MAX) return `At most ${SERVER_SLUG_MAX} characters`;
  if (!/^[a-z0-9-]+$/.test(slug)) return "Use lowercase letters a–z, digits and hyphens only";
  if (slug.startsWith("-") || slug.endsWith("-")) return "Start and end with a letter or digit";
  if (RESERVED_SERVER_SLUGS.includes(slug)) return `“${slug}” is reserved for Gatehouse; choose another slug`;
  return null;
}

/** The first of `base`, `base-2`, `base-3`, … that is usable and not taken. */
export function freeSlug(base: string, taken: ReadonlySet<string>): string {
  const stem = base || "server";
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `-${n}`;
    const candidate = `${stem.slice(0, SERVER_SLUG_MAX - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate) && slugProblem(candidate) === null) return candidate;
  }
}
