import { enabledByPolicy, registrationFields, requirePolicyToEnable, upstreamUrlField, versionField } from "./registration-fields";

/**
 * The one schema of an API service registration, shared by the console's form, its server
 * actions and the REST API (DESIGN.md §3.4). Requests to /apis/<slug>/<path>?<query> go to
 * the base URL + <path>?<query>, so the base URL has no query of its own. Secure by default:
 * a service can be enabled only with a policy attached.
 */
export { REGISTRATION_NAME_MAX as SERVICE_NAME_MAX, REGISTRATION_TIMEOUT as SERVICE_TIMEOUT, UPSTREAM_URL_MAX } from "./registration-fields";

const upstreamBaseUrl = upstreamUrlField({
  missing: "Enter the base URL of the API",
  example: "Enter an http:// or https:// URL, such as https://api.example.com/v1",
  allowQuery: false,
});

const serviceFields = registrationFields({ nameMissing: "Give the service a name" }, { upstreamBaseUrl });

const requirePolicy = requirePolicyToEnable("Choose a policy to enable the service (the Anonymous template is the explicit open option), or leave it disabled");

export const serviceInput = serviceFields.transform(enabledByPolicy).superRefine(requirePolicy);

/** An update carries the version it was based on; a stale one is refused with 409. */
export const serviceUpdateInput = serviceFields.extend({ version: versionField }).transform(enabledByPolicy).superRefine(requirePolicy);
