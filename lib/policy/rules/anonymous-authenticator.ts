import { z } from "zod";
import { field } from "../fields";
import type { RuleDefinition } from "../types";
import { roleName } from "./shared-fields";

export const anonymousAuthenticator = {
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
} satisfies RuleDefinition;
