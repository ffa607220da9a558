import type { AnyRuleDefinition } from "../types";
import type { RuleKind } from "../rule-kinds";
import { anonymousAuthenticator } from "./anonymous-authenticator";
import { apiKeyAuthenticator } from "./api-key-authenticator";
import { authorizeByRole } from "./authorize-by-role";
import { clientThrottling } from "./client-throttling";
import { corsRestriction } from "./cors-restriction";
import { httpRedirect } from "./http-redirect";
import { httpRetry } from "./http-retry";
import { ipRestriction } from "./ip-restriction";
import { mcpOAuth2ClientCredentials } from "./mcp-oauth2-client-credentials";
import { mcpOAuth2JwtValidator } from "./mcp-oauth2-jwt-validator";
import { outboundBasicAuth } from "./outbound-basic-auth";
import { outboundBearerToken } from "./outbound-bearer-token";
import { outboundOAuth2ClientCredentials } from "./outbound-oauth2-client-credentials";
import { requestSizeLimit } from "./request-size-limit";
import { requestTransformer } from "./request-transformer";
import { responseCache } from "./response-cache";
import { responseTransformer } from "./response-transformer";

/**
 * The registry. `satisfies` makes a kind without a definition (or a definition whose `kind`
 * disagrees with its key) a compile error.
 */
export const RULES = {
  "mcp-oauth2-client-credentials": mcpOAuth2ClientCredentials,
  "mcp-oauth2-jwt-validator": mcpOAuth2JwtValidator,
  "api-key-authenticator": apiKeyAuthenticator,
  "anonymous-authenticator": anonymousAuthenticator,
  "authorize-by-role": authorizeByRole,
  "ip-restriction": ipRestriction,
  "cors-restriction": corsRestriction,
  "client-throttling": clientThrottling,
  "request-size-limit": requestSizeLimit,
  "response-cache": responseCache,
  "http-redirect": httpRedirect,
  "http-retry": httpRetry,
  "response-transformer": responseTransformer,
  "request-transformer": requestTransformer,
  "outbound-basic-auth": outboundBasicAuth,
  "outbound-bearer-token": outboundBearerToken,
  "outbound-oauth2-client-credentials": outboundOAuth2ClientCredentials,
} as const satisfies { [K in RuleKind]: AnyRuleDefinition & { kind: K } };

