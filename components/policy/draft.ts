import { defaultConfig, type FieldDescriptor } from "@/lib/policy/fields";
import type { RuleKindDescriptor } from "@/lib/policy/rule-catalog";
import type { RuleKind } from "@/lib/policy/rule-kinds";
import type { PolicyView } from "@/lib/catalog/policy-view";
import type { FieldIssue } from "@/lib/catalog/errors";

/** The editor's working copy of a policy; `key` keeps React state stable across reorders. */
export type DraftRule = {
  key: string;
  id?: string;
  kind: RuleKind;
  enabled: boolean;
  condition: string;
  description: string;
  config: Record<string, unknown>;
  open: boolean;
};

export type DraftPolicy = {
  id?: string;
  version?: number;
  name: string;
  description: string;
  rules: DraftRule[];
};

let counter = 0;
export const newKey = () => `rule-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function draftFromView(policy: PolicyView): DraftPolicy {
  return {
    id: policy.id,
    version: policy.version,
    name: policy.name,
    description: policy.description,
    // Saved rules are keyed by id: the same on the server's render and the browser's, so hydration matches.
    rules: policy.rules.map((rule) => ({ ...rule, key: rule.id, open: true })),
  };
}

export function newDraftRule(entry: RuleKindDescriptor, config?: Record<string, unknown>): DraftRule {
  return {
    key: newKey(),
    kind: entry.kind,
    enabled: true,
    condition: "true",
    description: "",
    config: config ? structuredClone(config) : defaultConfig(entry.fields),
    open: true,
  };
}

/** What the server action receives: the shared policy schema's input shape. */
export function draftToInput(draft: DraftPolicy) {
  return {
    name: draft.name,
    description: draft.description,
    version: draft.version,
    rules: draft.rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      enabled: rule.enabled,
      condition: rule.condition,
      description: rule.description,
      config: rule.config,
    })),
  };
}

/** The DOM id of the control for an issue path such as `rules.0.config.clientId`. */
export const fieldDomId = (path: string) => `f-${path.replaceAll(".", "-")}`;

export type IssueMap = Map<string, string>;

export function issueMap(issues: FieldIssue[]): IssueMap {
  const map = new Map<string, string>();
  for (const issue of issues) map.set(issue.path, map.has(issue.path) ? `${map.get(issue.path)}\n${issue.message}` : issue.message);
  return map;
}

/** Issues at a path and below it (a tag list shows its items' problems too). */
export function issuesUnder(issues: IssueMap, path: string): string | undefined {
  const messages: string[] = [];
  for (const [issuePath, message] of issues) {
    if (issuePath === path || issuePath.startsWith(`${path}.`)) messages.push(message);
  }
  return messages.length ? messages.join("\n") : undefined;
}

/** A person's name for an issue path: "Rule 2 · Authorize by Role · Roles › Role". */
export function describeIssuePath(path: string, draft: DraftPolicy, catalog: RuleKindDescriptor[], common: FieldDescriptor[]): string {
  const parts = path.split(".");
  if (parts[0] !== "rules") return parts[0] === "name" ? "Name" : parts[0] === "description" ? "Description" : path;
  const index = Number(parts[1]);
  const rule = draft.rules[index];
  const entry = catalog.find((candidate) => candidate.kind === rule?.kind);
  const prefix = `Rule ${index + 1}${entry ? ` · ${entry.label}` : ""}`;
  if (parts[2] !== "config") {
    const field = common.find((candidate) => candidate.key === parts[2]);
    return field ? `${prefix} · ${field.label}` : prefix;
  }
  const labels: string[] = [];
  let fields = entry?.fields ?? [];
  for (const segment of parts.slice(3)) {
    if (/^\d+$/.test(segment)) continue;
    const field = fields.find((candidate) => candidate.key === segment);
    if (!field) break;
    labels.push(field.label);
    fields = field.columns ?? [];
  }
  return labels.length ? `${prefix} · ${labels.join(" › ")}` : prefix;
}

/** The nearest element to focus for an issue path (an item's path falls back to its list). */
export function focusIssue(path: string): void {
  const parts = path.split(".");
  while (parts.length > 0) {
    const element = document.getElementById(fieldDomId(parts.join(".")));
    if (element) {
      element.scrollIntoView({ block: "center", behavior: "smooth" });
      element.focus({ preventScroll: true });
      return;
    }
    parts.pop();
  }
}
