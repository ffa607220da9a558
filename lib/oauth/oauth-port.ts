import type { JWTVerifyGetKey } from "jose";
import { openRuleSecret } from "../catalog/rule-secrets";
import { SigningKeysUnavailable } from "../policy/access-token";
import type { OAuthPort } from "../policy/ports";
import { fetchAuthorizationServerMetadata, type AuthorizationServerMetadata } from "./authorization-server-metadata";
import { RemoteKeySet } from "./remote-key-set";
import { introspectToken } from "./token-introspection";

/**
 * The OAuth port of the running gateway: authorization server metadata and signing keys,
 * cached per issuer and JWKS URL for the life of the process (a policy edit does not refetch
 * them), and introspection.
 */
const METADATA_MAX_AGE_MS = 60 * 60_000;
const METADATA_RETRY_MS = 30_000;

type MetadataEntry = { promise: Promise<{ ok: true; metadata: AuthorizationServerMetadata } | { ok: false; error: string }>; fetchedAt: number };

export function createOAuthPort(options: { sealingKey: Buffer; now?: () => number }): OAuthPort & { metadata(issuer: string): Promise<AuthorizationServerMetadata> } {
  const now = options.now ?? Date.now;
  const metadataByIssuer = new Map<string, MetadataEntry>();
  const keySets = new Map<string, RemoteKeySet>();

  function metadataEntry(issuer: string): MetadataEntry {
    const entry = metadataByIssuer.get(issuer);
    if (entry) {
      const age = now() - entry.fetchedAt;
      void entry.promise.then((result) => {
        // Failures are retried after a short while; successes refreshed in the background.
        if ((!result.ok && age > METADATA_RETRY_MS) || (result.ok && age > METADATA_MAX_AGE_MS)) refreshMetadata(issuer, entry);
      });
      return entry;
    }
    const fresh = { promise: fetchAuthorizationServerMetadata(issuer), fetchedAt: now() };
    metadataByIssuer.set(issuer, fresh);
    return fresh;
  }

  function refreshMetadata(issuer: string, previous: MetadataEntry): void {
    if (metadataByIssuer.get(issuer) !== previous) return;
    const next = fetchAuthorizationServerMetadata(issuer);
    const entry = { promise: next.then(async (result) => (result.ok ? result : previous.promise.then((old) => (old.ok ? old : result)))), fetchedAt: now() };
    metadataByIssuer.set(issuer, entry);
  }

  async function metadata(issuer: string): Promise<AuthorizationServerMetadata> {
    const result = await metadataEntry(issuer).promise;
    if (!result.ok) throw new Error(result.error);
    return result.metadata;
  }

  function keySet(url: string): RemoteKeySet {
    let set = keySets.get(url);
    if (!set) {
      set = new RemoteKeySet(url, { now });
      keySets.set(url, set);
    }
    return set;
  }

  return {
    metadata,
    signingKeys(issuer, jwksUrl): JWTVerifyGetKey {
      if (jwksUrl) void keySet(jwksUrl).refresh();
      else void metadataEntry(issuer);
      return async (header, token) => {
        let url = jwksUrl;
        if (!url) {
          let found: AuthorizationServerMetadata;
          try {
            found = await metadata(issuer);
          } catch (error) {
            throw new SigningKeysUnavailable(`discovery failed: ${(error as Error).message}`);
          }
          if (!found.jwks_uri) throw new SigningKeysUnavailable(`${issuer} publishes no jwks_uri`);
          url = found.jwks_uri;
        }
        return keySet(url).getKey(header, token);
      };
    },
    async introspect(issuer, token, client) {
      let found: AuthorizationServerMetadata;
      try {
        found = await metadata(issuer);
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
      if (!found.introspection_endpoint) return { ok: false, error: `${issuer} publishes no introspection_endpoint` };
      return introspectToken(found.introspection_endpoint, token, client);
    },
    openSecret: (value, fieldKey) => openRuleSecret(value, fieldKey, options.sealingKey),
  };
}
