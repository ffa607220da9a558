import { z } from "zod";
import { field } from "../fields";
import { defineRule, type OutboundAuthorization, type OutboundCredentialEvaluator } from "../types";

export const outboundBearerToken = defineRule({
  kind: "outbound-bearer-token",
  label: "Outbound Bearer Token",
  summary: "Sends the upstream a fixed bearer token (an API token it issued) instead of the caller's credentials.",
  category: "Outbound",
  phase: "transform",
  mcp: { compatible: true },
  configSchema: z
    .object({
      token: field.secret({
        label: "Token",
        help: "Sent as Authorization: Bearer <token> on every upstream request (RFC 6750 §2.1); the caller's own Authorization header never goes upstream. Stored encrypted; never shown again once saved.",
      }),
    })
    .superRefine((config, ctx) => {
      // Spaces and control characters would split or corrupt the header (RFC 6750 §2.1 b64token).
      if (typeof config.token === "string" && /[\s\x00-\x1f\x7f]/.test(config.token)) {
        ctx.addIssue({ code: "custom", path: ["token"], message: "A token cannot contain spaces, line breaks or control characters" });
      }
    }),
  compile: (config, { ports }): OutboundCredentialEvaluator => {
    const token = ports.oauth.openSecret(config.token, "token");
    const answer: OutboundAuthorization = token === undefined ? { ok: false, reason: "the rule's token is not stored" } : { ok: true, value: `Bearer ${token}` };
    return { type: "outbound-credential", authorization: () => answer };
  },
});
