import { z } from "zod";
import { slugProblem } from "./server-slug";

/**
 * The one schema of an MCP server registration, shared by the console's form, its server
 * actions and the REST API (DESIGN.md §3.4). Secure by default: a server can be enabled only
 * with an authentication policy attached.
 */
export const SERVER_NAME_MAX = 100;
export const SERVER_TIMEOUT = { min: 1, max: 600, default: 60 } as const;
export const UPSTREAM_URL_MAX = 2000;

const URL_EXAMPLE = "Enter an http:// or https:// URL, such as http://127.0.0.1:3001/mcp";

/** Why an upstream URL cannot be used, or null when it can. */
function upstreamUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return URL_EXAMPLE;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return URL_EXAMPLE;
  // fetch() refuses such URLs, and a password in a URL ends up on screens and in logs.
  if (url.username || url.password) return "Remove the user name and password from the URL";
  if (url.hash) return "Remove the #fragment: it is never sent to the server";
  return null;
}

const upstreamUrlField = z
  .string({ error: "Required" })
  .trim()
  .min(1, "Enter the URL of the MCP server")
  .max(UPSTREAM_URL_MAX, `At most ${UPSTREAM_URL_MAX} characters`)
  .superRefine((value, ctx) => {
    const problem = value === "" ? null : upstreamUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const timeoutSecondsField = z
  .number({ error: "Enter a number of seconds" })
  .int("Enter whole seconds")
  .min(SERVER_TIMEOUT.min, `At least ${SERVER_TIMEOUT.min} second`)
  .max(SERVER_TIMEOUT.max, `At most ${SERVER_TIMEOUT.max} seconds (10 minutes)`)
  .default(SERVER_TIMEOUT.default);

const slugField = z
  .string({ error: "Enter a slug or leave it out" })
  .trim()
  .optional()
  .transform((value) => (value === "" ? undefined : value))
  .superRefine((value, ctx) => {
    const problem = value === undefined ? null : slugProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const serverFields = z.object({
  name: z
    .string({ error: "Required" })
    .trim()
    .min(1, "Give the server a name")
    .max(SERVER_NAME_MAX, `At most ${SERVER_NAME_MAX} characters`),
  /** Left out: derived from the name when the server is created, kept when it is updated. */
  slug: slugField,
  description: z.string({ error: "Enter text" }).trim().max(1000, "At most 1000 characters").default(""),
  upstreamUrl: upstreamUrlField,
  policyId: z
    .string({ error: "Send a policy id or null" })
    .trim()
    .nullable()
    .default(null)
    .transform((value) => (value === "" ? null : value)),
  /** Left out: enabled exactly when a policy is attached. */
  enabled: z.boolean({ error: "Send true or false" }).optional(),
  timeoutSeconds: timeoutSecondsField,
});

/** Left out, `enabled` follows the policy: a server with a policy is enabled, one without is not. */
function enabledByPolicy<T extends { enabled?: boolean; policyId: string | null }>(server: T): T & { enabled: boolean } {
  return { ...server, enabled: server.enabled ?? server.policyId !== null };
}

/** Secure by default: no server takes traffic without an authentication policy. */
function requirePolicyToEnable(server: { enabled: boolean; policyId: string | null }, ctx: z.RefinementCtx): void {
  if (server.enabled && server.policyId === null) {
    ctx.addIssue({
      code: "custom",
      path: ["policyId"],
      message: "Choose an authentication policy to enable the server (the Anonymous template is the explicit open option), or leave it disabled",
    });
  }
}

export const serverInput = serverFields.transform(enabledByPolicy).superRefine(requirePolicyToEnable);

/** An update carries the version it was based on; a stale one is refused with 409. */
export const serverUpdateInput = serverFields
  .extend({ version: z.number({ error: "Send the version you edited" }).int().min(1) })
  .transform(enabledByPolicy)
  .superRefine(requirePolicyToEnable);

/** What "Test connection" needs of a server that is not saved (yet): where it is and how long to wait. */
export const connectionSettingsInput = z.object({
  upstreamUrl: upstreamUrlField,
  timeoutSeconds: timeoutSecondsField,
});
export type ConnectionSettings = z.output<typeof connectionSettingsInput>;
