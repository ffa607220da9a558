import { z } from "zod";
import { field } from "../fields";
import type { RuleDefinition } from "../types";
import { roleName } from "./shared-fields";

export const authorizeByRole = {
  kind: "authorize-by-role",
  label: "Authorize by Role",
  summary: "Allows a request when one of the caller's roles is listed and that row's condition holds; otherwise refuses it with 403.",
  category: "Authorize",
  phase: "authorize",
  mcp: { compatible: true },
  configSchema: z.object({
    roles: field.rows({
      label: "Roles",
      help: "A caller is allowed when it has one of these roles and the row's condition is true. Conditions can look at the MCP call, e.g. `mcp.tool == \"get_weather\"`; tools a caller may not call are hidden from its tools/list.",
      addLabel: "Add role",
      min: 1,
      default: [{ role: "", condition: "true" }],
      columns: {
        role: field.text({
          label: "Role",
          help: "A role the authenticator gives the caller (an API key's roles, a token's scopes, anonymous).",
          placeholder: "mcp:access",
          max: 200,
          check: roleName,
        }),
        condition: field.cel({
          label: "Condition",
          help: "CEL expression over `request`, `user`, `claims` and `mcp`; `true` allows every call for this role.",
          variables: ["request", "user", "claims", "mcp"],
          returns: "bool",
          default: "true",
        }),
      },
    }),
  }),
} satisfies RuleDefinition;
