"use client";

import { useState } from "react";
import { testOAuthRuleAction } from "@/app/(console)/policies/actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckIcon, CrossIcon, RefreshIcon } from "@/components/ui/icons";
import type { OAuthTestResult } from "@/lib/catalog/test-oauth-rule";

const STEP_LABELS: Record<OAuthTestResult["steps"][number]["name"], string> = {
  discovery: "Discovery",
  token: "Token request",
  validation: "Validation through this rule",
};

/**
 * "Test connection" for MCP OAuth2 Client Credentials: gets a token with the client in the
 * form and validates it through the rule, showing the claims and the resulting identity.
 */
export function OAuthConnectionTest({ config, policyId, ruleId }: { config: Record<string, unknown>; policyId?: string; ruleId?: string }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<OAuthTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setPending(true);
    setError(null);
    setResult(null);
    const outcome = await testOAuthRuleAction({ config, policyId, ruleId });
    setPending(false);
    if (!outcome.ok) {
      setError(outcome.issues.length ? outcome.issues.map((issue) => issue.message).join("; ") : outcome.message);
      return;
    }
    setResult(outcome.data);
  }

  return (
    <div className="md:col-span-2" data-testid="oauth-connection-test">
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={run} loading={pending}>
          {pending ? null : <RefreshIcon className="size-4" />}
          Test connection
        </Button>
        <span className="text-xs text-slate-500">Requests a token from the Token Endpoint URL with this client and validates it through this rule.</span>
      </div>
      <div aria-live="polite">
        {error ? (
          <Alert tone="error" className="mt-3">
            {error}
          </Alert>
        ) : null}
        {result ? (
          <div className="mt-3 space-y-3 rounded-md p-4 ring-1 ring-slate-200">
            <div className="flex items-center gap-2">
              <Badge tone={result.ok ? "green" : "red"}>{result.ok ? "connection works" : "connection failed"}</Badge>
              <span className="text-xs text-slate-500">for the resource {result.resource}</span>
            </div>
            <ol className="space-y-1.5 text-sm">
              {result.steps.map((step) => (
                <li key={step.name} className="flex items-start gap-2">
                  {step.ok ? <CheckIcon className="mt-0.5 size-4 shrink-0 text-emerald-600" /> : <CrossIcon className="mt-0.5 size-4 shrink-0 text-rose-600" />}
                  <span>
                    <span className="font-medium">{STEP_LABELS[step.name]}</span>: <span className="text-slate-600">{step.detail}</span>
                  </span>
                </li>
              ))}
            </ol>
            {result.ok ? (
              <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                <dt className="font-medium text-slate-700">User ID</dt>
                <dd className="font-mono text-xs leading-5" data-testid="oauth-test-user-id">
                  {result.userId}
                </dd>
                <dt className="font-medium text-slate-700">Roles</dt>
                <dd className="flex flex-wrap gap-1" data-testid="oauth-test-roles">
                  {result.roles.length ? result.roles.map((role) => <Badge key={role}>{role}</Badge>) : <span className="text-slate-400">none</span>}
                </dd>
              </dl>
            ) : null}
            {result.claims ? (
              <details>
                <summary className="cursor-pointer text-sm font-medium text-slate-700">Decoded claims</summary>
                <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{JSON.stringify(result.claims, null, 2)}</pre>
              </details>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
