"use client";

import Link from "next/link";
import { useId, type ReactNode } from "react";
import { CompatibilityMark } from "@/components/policy/compatibility-mark";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { usedByText, type PolicyOption } from "./policy-options";
import type { RegistrationKind } from "./registration-copy";

/**
 * The policy of an MCP server or API service: every policy in the catalog with its rules. For
 * an MCP server a rule it cannot use carries a red cross, and a policy with one cannot be
 * chosen (the server refuses it too); an API service may use every rule. "No policy" keeps
 * the registration disabled: secure by default.
 */
export function PolicyPicker({
  id,
  kind,
  policies,
  value,
  onChange,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  kind: RegistrationKind;
  policies: PolicyOption[];
  value: string | null;
  onChange: (policyId: string | null) => void;
  disabled: boolean;
  invalid: boolean;
  describedBy?: string;
}) {
  const name = `${id}-choice`;
  return (
    <div
      id={id}
      role="radiogroup"
      aria-labelledby={`${id}-label`}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      tabIndex={-1}
      className={cn("space-y-2 rounded-md outline-none", invalid && "p-1 ring-2 ring-rose-400")}
    >
      <Choice name={name} label="No policy" checked={value === null} disabled={disabled} onSelect={() => onChange(null)} testId="policy-option-none">
        <span className="text-sm font-medium text-slate-900">No policy</span>
        <span className="mt-0.5 block text-xs text-slate-500">The {kind === "mcp" ? "server" : "service"} stays disabled: the gateway lets no request through to it.</span>
      </Choice>
      {policies.map((policy) => {
        // Only MCP servers are limited: an API service may use every rule.
        const attachable = kind === "api" || policy.mcpCompatible;
        return (
          <Choice
            key={policy.id}
            name={name}
            label={attachable ? policy.name : `${policy.name} (cannot be attached)`}
            checked={value === policy.id}
            disabled={disabled || (!attachable && value !== policy.id)}
            onSelect={() => onChange(policy.id)}
            testId={`policy-option-${policy.id}`}
            muted={!attachable}
          >
            <span className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
              {policy.name}
              {policy.developmentOnly ? <Badge tone="amber">development only</Badge> : null}
              {!attachable ? <Badge tone="red">cannot be attached</Badge> : null}
              <span className="text-xs font-normal text-slate-500">used by {usedByText(policy.usedByServers, policy.usedByServices)}</span>
            </span>
            {policy.description ? <span className="mt-0.5 block text-xs text-slate-500">{policy.description}</span> : null}
            <span className="mt-2 flex flex-wrap items-center gap-1.5">
              {policy.rules.length === 0 ? <span className="text-xs text-slate-500">No rules: every request is refused.</span> : null}
              {policy.rules.map((rule, index) => (
                <span key={index} className="inline-flex items-center gap-1" data-rule-kind={rule.kind}>
                  <Badge tone={kind === "mcp" && !rule.compatible ? "red" : "neutral"}>{rule.label}</Badge>
                  {kind === "mcp" && !rule.compatible ? <CompatibilityMark compatible={false} reason={rule.reason ?? undefined} className="size-4" /> : null}
                </span>
              ))}
            </span>
            {!attachable ? (
              <span className="mt-1.5 block text-xs text-rose-700">
                MCP servers cannot use {policy.rules.filter((rule) => !rule.compatible).map((rule) => rule.label).join(", ")}. Remove{" "}
                {policy.rules.filter((rule) => !rule.compatible).length === 1 ? "that rule" : "those rules"} from the policy to attach it.
              </span>
            ) : null}
          </Choice>
        );
      })}
      {policies.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600">
          The catalog has no policies yet.{" "}
          <Link href="/policies/new" className="font-medium text-indigo-700 hover:underline">
            Create a policy
          </Link>{" "}
          — for a first local test, start from the “Anonymous (development only)” template.
        </p>
      ) : null}
    </div>
  );
}

function Choice({
  name,
  label,
  checked,
  disabled,
  onSelect,
  muted = false,
  testId,
  children,
}: {
  name: string;
  /** The radio's accessible name; the rest of the card is its description. */
  label: string;
  checked: boolean;
  disabled: boolean;
  onSelect: () => void;
  muted?: boolean;
  testId: string;
  children: ReactNode;
}) {
  const detailsId = useId();
  return (
    <label
      data-testid={testId}
      className={cn(
        "flex items-start gap-3 rounded-lg px-3 py-2.5 ring-1 transition",
        checked ? "bg-indigo-50/60 ring-2 ring-indigo-500" : "ring-slate-200",
        disabled ? "cursor-not-allowed" : "cursor-pointer hover:ring-indigo-300",
        muted && "bg-slate-50",
      )}
    >
      <input
        type="radio"
        name={name}
        aria-label={label}
        aria-describedby={detailsId}
        checked={checked}
        disabled={disabled}
        onChange={onSelect}
        className="mt-0.5 size-4 accent-indigo-600"
      />
      <span id={detailsId} className="min-w-0 flex-1">
        {children}
      </span>
    </label>
  );
}
