import type { McpServer, Policy, Rule } from "@prisma/client";
import { incompatibleRules } from "../policy/rule-catalog";

/** The attached policy as a server shows it: enough to name it and to mark it incompatible. */
export type AttachedPolicy = {
  id: string;
  name: string;
  /** Rules an MCP server cannot use; empty when the policy can be attached. */
  incompatibleRules: { label: string; reason: string }[];
};

/** An MCP server as it leaves the server (console, REST API). */
export type ServerView = {
  id: string;
  name: string;
  slug: string;
  description: string;
  upstreamUrl: string;
  policyId: string | null;
  policy: AttachedPolicy | null;
  enabled: boolean;
  timeoutSeconds: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
};

export type ServerRecord = McpServer & { policy: (Pick<Policy, "id" | "name"> & { rules: Pick<Rule, "kind">[] }) | null };

export const WITH_POLICY = {
  policy: { select: { id: true, name: true, rules: { select: { kind: true }, orderBy: { position: "asc" } } } },
} as const;

export function toServerView(record: ServerRecord): ServerView {
  return {
    id: record.id,
    name: record.name,
    slug: record.slug,
    description: record.description,
    upstreamUrl: record.upstreamUrl,
    policyId: record.policyId,
    policy: record.policy
      ? {
          id: record.policy.id,
          name: record.policy.name,
          incompatibleRules: incompatibleRules(record.policy.rules).map(({ label, reason }) => ({ label, reason })),
        }
      : null,
    enabled: record.enabled,
    timeoutSeconds: record.timeoutSeconds,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
  };
}
