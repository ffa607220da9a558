import { z } from "zod";
import { slugProblem } from "./server-slug";

/**
 * The fields MCP servers and API services have alike (a name, a slug, an upstream, a policy,
 * a switch, a timeout), built once with each kind's own words. server-schema.ts and
 * service-schema.ts make the two schemas of them (DESIGN.md §3.4).
 */
export const REGISTRATION_NAME_MAX = 100;
export const REGISTRATION_TIMEOUT = { min: 1, max: 600, default: 60 } as const;
export const UPSTREAM_URL_MAX = 2000;

/** Why an upstream URL cannot be used, or null when it can. */
function upstreamUrlProblem(value: string, example: string, allowQuery: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return example;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return example;
  // fetch() refuses such URLs, and a password in a URL ends up on screens and in logs.
  if (url.username || url.password) return "Remove the user name and password from the URL";
  if (url.hash) return "Remove the #fragment: it is never sent to the server";
  if (!allowQuery && url.search) return "Remove the ?query: each request's path and query are appended to the base URL";
  return null;
}

export function upstreamUrlField(words: { missing: string; example: string; allowQuery: boolean }) {
  return z
    .string({ error: "Required" })
    .trim()
    .min(1, words.missing)
    .max(UPSTREAM_URL_MAX, `At most ${UPSTREAM_URL_MAX} characters`)
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : upstreamUrlProblem(value, words.example, words.allowQuery);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

export const timeoutSecondsField = z
  .number({ error: "Enter a number of seconds" })
  .int("Enter whole seconds")
  .min(REGISTRATION_TIMEOUT.min, `At least ${REGISTRATION_TIMEOUT.min} second`)
  .max(REGISTRATION_TIMEOUT.max, `At most ${REGISTRATION_TIMEOUT.max} seconds (10 minutes)`)
  .default(REGISTRATION_TIMEOUT.default);

const slugField = z
  .string({ error: "Enter a slug or leave it out" })
  .trim()
  .optional()
  .transform((value) => (value === "" ? undefined : value))
  .superRefine((value, ctx) => {
    const problem = value === undefined ? null : slugProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The common fields; `upstream` is the kind's upstream URL field under its own key. */
export function registrationFields<K extends string>(words: { nameMissing: string }, upstream: Record<K, ReturnType<typeof upstreamUrlField>>) {
  return z.object({
    name: z
      .string({ error: "Required" })
      .trim()
      .min(1, words.nameMissing)
      .max(REGISTRATION_NAME_MAX, `At most ${REGISTRATION_NAME_MAX} characters`),
    /** Left out: derived from the name when created, kept when updated. */
    slug: slugField,
    description: z.string({ error: "Enter text" }).trim().max(1000, "At most 1000 characters").default(""),
    ...upstream,
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
}

/** An update carries the version it was based on; a stale one is refused with 409. */
export const versionField = z.number({ error: "Send the version you edited" }).int().min(1);

/** Left out, `enabled` follows the policy: with a policy it is enabled, without one it is not. */
export function enabledByPolicy<T extends { enabled?: boolean; policyId: string | null }>(registration: T): T & { enabled: boolean } {
  return { ...registration, enabled: registration.enabled ?? registration.policyId !== null };
}

/** Secure by default: nothing takes traffic without a policy. */
export function requirePolicyToEnable(message: string) {
  return (registration: { enabled: boolean; policyId: string | null }, ctx: z.RefinementCtx): void => {
    if (registration.enabled && registration.policyId === null) ctx.addIssue({ code: "custom", path: ["policyId"], message });
  };
}
