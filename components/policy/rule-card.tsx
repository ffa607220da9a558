"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChevronDownIcon, ChevronRightIcon, ChevronUpIcon, DuplicateIcon, TrashIcon } from "@/components/ui/icons";
import { Switch } from "@/components/ui/switch";
import type { FieldDescriptor } from "@/lib/policy/fields";
import type { RuleKindDescriptor } from "@/lib/policy/rule-catalog";
import { CompatibilityMark } from "./compatibility-mark";
import type { DraftRule, IssueMap } from "./draft";
import { FieldControl, WIDE_WIDGETS } from "./field-control";
import { OAuthConnectionTest } from "./oauth-connection-test";

/** One rule of the policy: its header (kind, marks, controls) and its form. */
export function RuleCard({
  rule,
  index,
  count,
  entry,
  commonFields,
  issues,
  readOnly,
  policyId,
  onChange,
  onMove,
  onDuplicate,
  onRemove,
}: {
  rule: DraftRule;
  index: number;
  count: number;
  entry: RuleKindDescriptor;
  commonFields: FieldDescriptor[];
  issues: IssueMap;
  readOnly: boolean;
  policyId?: string;
  onChange: (rule: DraftRule) => void;
  onMove: (delta: -1 | 1) => void;
  onDuplicate: () => void;
  onRemove: () => void;
}) {
  const base = `rules.${index}`;
  const errorCount = [...issues.keys()].filter((path) => path === base || path.startsWith(`${base}.`)).length;
  const bodyId = `rule-body-${rule.key}`;

  return (
    <article
      aria-labelledby={`rule-title-${rule.key}`}
      data-rule-kind={rule.kind}
      className={cn("rounded-lg bg-white shadow-sm ring-1", errorCount ? "ring-rose-300" : "ring-slate-200", !rule.enabled && "opacity-80")}
    >
      <header className="flex flex-wrap items-center gap-3 px-4 py-3">
        <button
          type="button"
          onClick={() => onChange({ ...rule, open: !rule.open })}
          aria-expanded={rule.open}
          aria-controls={bodyId}
          className="flex min-w-0 flex-1 items-center gap-3 rounded text-left"
        >
          {rule.open ? <ChevronDownIcon className="size-4 shrink-0 text-slate-500" /> : <ChevronRightIcon className="size-4 shrink-0 text-slate-500" />}
          <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600">{index + 1}</span>
          <span className="min-w-0">
            <span id={`rule-title-${rule.key}`} className="block truncate text-sm font-semibold text-slate-900">
              {entry.label}
            </span>
            {rule.description ? <span className="block truncate text-xs text-slate-500">{rule.description}</span> : null}
          </span>
        </button>
        <div className="flex flex-wrap items-center gap-2">
          <Badge>{entry.category}</Badge>
          {entry.developmentOnly ? <Badge tone="amber">development only</Badge> : null}
          {!rule.enabled ? <Badge tone="neutral">disabled</Badge> : null}
          {errorCount ? <Badge tone="red">{errorCount === 1 ? "1 problem" : `${errorCount} problems`}</Badge> : null}
          <CompatibilityMark compatible={entry.mcp.compatible} reason={entry.mcp.compatible ? undefined : entry.mcp.reason} />
        </div>
        <div className="flex items-center gap-1">
          <Switch id={`rule-enabled-${rule.key}`} checked={rule.enabled} onChange={(enabled) => onChange({ ...rule, enabled })} label={`${entry.label} enabled`} disabled={readOnly} />
          {!readOnly ? (
            <>
              <Button variant="ghost" size="sm" aria-label={`Move ${entry.label} up`} disabled={index === 0} onClick={() => onMove(-1)}>
                <ChevronUpIcon className="size-4" />
              </Button>
              <Button variant="ghost" size="sm" aria-label={`Move ${entry.label} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
                <ChevronDownIcon className="size-4" />
              </Button>
              <Button variant="ghost" size="sm" aria-label={`Duplicate ${entry.label}`} onClick={onDuplicate}>
                <DuplicateIcon className="size-4" />
              </Button>
              <Button variant="ghost" size="sm" aria-label={`Remove ${entry.label}`} onClick={onRemove} className="hover:text-rose-700">
                <TrashIcon className="size-4" />
              </Button>
            </>
          ) : null}
        </div>
      </header>
      {!entry.mcp.compatible ? (
        <p className="mx-4 mb-3 rounded-md bg-rose-50 px-3 py-2 text-xs text-rose-800 ring-1 ring-rose-200 ring-inset">
          Not for MCP servers: {entry.mcp.reason} A policy with this rule can be attached to API services only.
        </p>
      ) : null}
      <div id={bodyId} hidden={!rule.open} className="border-t border-slate-100 px-4 py-4">
        <p className="mb-4 text-sm text-slate-500">{entry.summary}</p>
        <div className="grid gap-x-6 gap-y-5 md:grid-cols-2">
          {entry.fields.map((field) => (
            <div key={field.key} className={WIDE_WIDGETS.has(field.widget) ? "md:col-span-2" : undefined}>
              <FieldControl
                descriptor={field}
                path={`${base}.config.${field.key}`}
                value={rule.config[field.key]}
                onChange={(value) => onChange({ ...rule, config: { ...rule.config, [field.key]: value } })}
                issues={issues}
                disabled={readOnly}
              />
            </div>
          ))}
          {rule.kind === "mcp-oauth2-client-credentials" && !readOnly ? <OAuthConnectionTest config={rule.config} policyId={policyId} ruleId={rule.id} /> : null}
        </div>
        <div className="mt-6 grid gap-x-6 gap-y-5 border-t border-dashed border-slate-200 pt-5 md:grid-cols-2">
          {commonFields.map((field) => (
            <div key={field.key}>
              <FieldControl
                descriptor={field}
                path={`${base}.${field.key}`}
                value={rule[field.key as "condition" | "description"]}
                onChange={(value) => onChange({ ...rule, [field.key]: value })}
                issues={issues}
                disabled={readOnly}
              />
            </div>
          ))}
        </div>
      </div>
    </article>
  );
}
