import { z } from "zod";
import { enabledByPolicy, registrationFields, requirePolicyToEnable, timeoutSecondsField, upstreamUrlField, versionField } from "./registration-fields";

/**
 * The one schema of an MCP server registration, shared by the console's form, its server
 * actions and the REST API (DESIGN.md §3.4). Secure by default: a server can be enabled only
 * with an authentication policy attached.
 */
export { REGISTRATION_NAME_MAX as SERVER_NAME_MAX, REGISTRATION_TIMEOUT as SERVER_TIMEOUT, UPSTREAM_URL_MAX } from "./registration-fields";

const upstreamUrl = upstreamUrlField({
  missing: "Enter the URL of the MCP server",
  example: "Enter an http:// or https:// URL, such as http://127.0.0.1:3001/mcp",
  allowQuery: true,
});

const serverFields = registrationFields({ nameMissing: "Give the server a name" }, { upstreamUrl });

const requirePolicy = requirePolicyToEnable(
  "Choose an authentication policy to enable the server (the Anonymous template is the explicit open option), or leave it disabled",
);

export const serverInput = serverFields.transform(enabledByPolicy).superRefine(requirePolicy);

/** An update carries the version it was based on; a stale one is refused with 409. */
export const serverUpdateInput = serverFields.extend({ version: versionField }).transform(enabledByPolicy).superRefine(requirePolicy);

/** What "Test connection" needs of a server that is not saved (yet): where it is and how long to wait. */
export const connectionSettingsInput = z.object({
  upstreamUrl,
  timeoutSeconds: timeoutSecondsField,
});
export type ConnectionSettings = z.output<typeof connectionSettingsInput>;
