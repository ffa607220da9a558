import { z } from "zod";
import { field } from "../fields";
import { compileCel } from "../cel";
import { defineRule, type AuthorizerEvaluator } from "../types";
import { roleName } from "./shared-fields";

export const authorizeByRole = defineRule({
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
  compile: (config): AuthorizerEvaluator => {
    const rows = config.roles.map((row) => ({ role: row.role, condition: compileCel(row.condition, ["request", "user", "claims", "mcp"]) }));
    return {
      type: "authorizer",
      authorize(state, identity, mcp) {
        let unknown = false;
        const refusals: string[] = [];
        for (const row of rows) {
          if (!identity.roles.includes(row.role)) continue;
          const result = state.test(row.condition, mcp);
          if ("value" in result && result.value) return { allowed: true, reason: `role ${row.role} allowed` };
          if ("error" in result) unknown = true;
          refusals.push("error" in result ? `the condition for role ${row.role} failed: ${result.error}` : `the condition for role ${row.role} is false`);
        }
        if (refusals.length === 0) {
          const roles = identity.roles.length ? identity.roles.join(", ") : "none";
          return { allowed: false, reason: `no listed role matches the caller's roles (${roles})` };
        }
        return { allowed: false, reason: refusals.join("; "), unknown };
      },
    };
  },
});
