import type { z } from "zod";
import type { RuleKind } from "./rule-kinds";

/** Where a rule sits in the catalog's "Add Rule" dialog. */
export type RuleCategory = "Validate" | "Authenticate" | "Authorize" | "Shape" | "Transform" | "Outbound";

/** The engine's fixed stages; see phases.ts for their order and why. */
export type Phase = "cors" | "validate" | "authenticate" | "authorize" | "shape" | "transform";

/** Whether an MCP server can use the rule; when not, the reason is shown beside the red cross. */
export type McpCompatibility = { compatible: true } | { compatible: false; reason: string };

/**
 * One rule kind. Each lives in its own module under rules/ and is listed in the registry
 * (rules/index.ts); the console, the REST API and the engine all read these definitions.
 */
export type RuleDefinition<Schema extends z.ZodObject = z.ZodObject> = {
  kind: RuleKind;
  label: string;
  /** One sentence shown in the catalog under the label. */
  summary: string;
  category: RuleCategory;
  phase: Phase;
  mcp: McpCompatibility;
  /** Shown as a "development only" badge (the Anonymous Authenticator). */
  developmentOnly?: boolean;
  configSchema: Schema;
};

export type RuleConfig<D extends RuleDefinition> = z.output<D["configSchema"]>;
