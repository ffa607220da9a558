import { z } from "zod";
import { field } from "../fields";
import { defineRule, type OutboundAuthorization, type OutboundCredentialEvaluator } from "../types";
import { headerValue } from "./shared-fields";

export const outboundBasicAuth = defineRule({
  kind: "outbound-basic-auth",
  label: "Outbound Basic Auth",
  summary: "Sends the upstream a username and password (HTTP Basic authentication) instead of the caller's credentials.",
  category: "Outbound",
  phase: "transform",
  mcp: { compatible: true },
  configSchema: z.object({
    username: field.text({
      label: "Username",
      help: "The user the gateway signs in to the upstream as. Sent with the password in the Authorization header of every upstream request (RFC 7617); the caller's own Authorization header never goes upstream.",
      max: 500,
      // RFC 7617 §2: the user-id cannot contain a colon, which separates it from the password.
      check: (value) => headerValue(value) ?? (value.includes(":") ? "A username cannot contain a colon (RFC 7617 §2)" : null),
    }),
    password: field.secret({
      label: "Password",
      help: "The upstream password. Stored encrypted; never shown again once saved.",
      warning: "Basic credentials are readable by anyone on the path: use an https:// upstream.",
    }),
  }),
  compile: (config, { ports }): OutboundCredentialEvaluator => {
    const password = ports.oauth.openSecret(config.password, "password");
    // UTF-8, as RFC 7617 §2.1 recommends and servers expect today.
    const answer: OutboundAuthorization =
      password === undefined
        ? { ok: false, reason: "the rule's password is not stored" }
        : { ok: true, value: `Basic ${Buffer.from(`${config.username}:${password}`, "utf8").toString("base64")}` };
    return { type: "outbound-credential", authorization: () => answer };
  },
});
