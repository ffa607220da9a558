import type { ApiService, Policy } from "@prisma/client";

/** An API service as it leaves the server (console, REST API). */
export type ServiceView = {
  id: string;
  name: string;
  slug: string;
  description: string;
  upstreamBaseUrl: string;
  policyId: string | null;
  /** The attached policy, to name it: a service may use every rule, so nothing more is needed. */
  policy: { id: string; name: string } | null;
  enabled: boolean;
  timeoutSeconds: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
};

export type ServiceRecord = ApiService & { policy: Pick<Policy, "id" | "name"> | null };

export const WITH_POLICY_NAME = { policy: { select: { id: true, name: true } } } as const;

export function toServiceView(record: ServiceRecord): ServiceView {
  return {
    id: record.id,
    name: record.name,
    slug: record.slug,
    description: record.description,
    upstreamBaseUrl: record.upstreamBaseUrl,
    policyId: record.policyId,
    policy: record.policy ? { id: record.policy.id, name: record.policy.name } : null,
    enabled: record.enabled,
    timeoutSeconds: record.timeoutSeconds,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
  };
}
