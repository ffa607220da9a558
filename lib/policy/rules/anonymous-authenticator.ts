import { z } from "zod";
import { field } from "../fields";
import { roleName } from "./shared-fields";
import { defineRule, type AuthenticatorEvaluator } from "../types";

export const anonymousAuthenticator = defineRule({
  kind: "anonymous-authenticator",
  label: "Anonymous Authenticator",
  summary: "Lets callers in without credentials, identified by their IP address. Use only for development or internal testing.",
  category: "Authenticate",
  phase: "authenticate",
  mcp: { compatible: true },
  developmentOnly: true,
  configSchema: z.object({
    roles: field.tags({
      label: "Roles",
      help: "Roles given to every anonymous caller; Authorize by Role rules match against them. Blank entries are ignored.",
      default: ["anonymous"],
      addLabel: "Add role",
      item: roleName,
    }),
  }),
  compile: (config, { ruleId }): AuthenticatorEvaluator => ({
    type: "authenticator",
    challenges: null,
    credentialHeaders: [],
    credentialQueryParameters: [],
    // Every caller is let in, told apart by address so that throttling counts per client.
    authenticate: (request) => ({
      outcome: "authenticated",
      identity: { id: `anonymous:${request.ip}`, roles: config.roles, authenticatedBy: "anonymous-authenticator", ruleId },
      reason: "anonymous caller",
    }),
  }),
});
