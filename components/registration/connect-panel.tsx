"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import type { ClientSnippet, ExpectedCredential } from "@/lib/catalog/client-snippets";
import { REGISTRATION_COPY, type RegistrationKind } from "./registration-copy";

/** How clients reach a server or service: its gateway URL and copy-ready configurations (tabs when there are several). */
export function ConnectPanel({
  kind,
  gatewayUrl,
  snippets,
  credential,
  enabled,
  hasPolicy,
}: {
  kind: RegistrationKind;
  gatewayUrl: string;
  snippets: ClientSnippet[];
  credential: ExpectedCredential;
  enabled: boolean;
  hasPolicy: boolean;
}) {
  const what = REGISTRATION_COPY[kind].short;
  const baseId = useId();
  const [selected, setSelected] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const snippet = snippets[selected]!;

  // Arrow keys move between tabs (WAI-ARIA Authoring Practices, Tabs pattern).
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -selected, End: snippets.length - 1 - selected };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = (selected + move + snippets.length) % snippets.length;
    setSelected(next);
    tabs.current[next]?.focus();
  }

  return (
    <Card>
      <CardHeader
        title={kind === "mcp" ? "Connect a client" : "Call the service"}
        description={
          kind === "mcp"
            ? "MCP clients connect to the gateway, which applies the policy and forwards allowed traffic to the upstream."
            : "Clients call the gateway URL followed by the API's own paths; the gateway applies the policy and forwards allowed requests to the upstream base URL."
        }
      />
      <div className="space-y-4 px-5 py-4">
        <div>
          <p id={`${baseId}-url-label`} className="mb-1 text-sm font-medium text-slate-800">
            Gateway URL
          </p>
          <div className="flex items-center gap-2">
            <code aria-labelledby={`${baseId}-url-label`} data-testid="gateway-url" className="min-w-0 flex-1 truncate rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900 select-all">
              {gatewayUrl}
            </code>
            <CopyButton value={gatewayUrl} label="Copy gateway URL" />
          </div>
          <p className="mt-1.5 text-xs text-slate-500">
            <CredentialNote credential={credential} />
          </p>
        </div>

        {!hasPolicy ? (
          <Alert tone="warning">This {what} has no policy, so it is disabled: the gateway refuses every request to it. Attach a policy to enable it.</Alert>
        ) : !enabled ? (
          <Alert tone="warning">This {what} is disabled: the gateway refuses every request to it until you enable it.</Alert>
        ) : null}

        <div>
          <div role="tablist" aria-label="Client configurations" className={cn("flex flex-wrap gap-1 border-b border-slate-200", snippets.length === 1 && "sr-only")}>
            {snippets.map((entry, index) => (
              <button
                key={entry.id}
                ref={(element) => {
                  tabs.current[index] = element;
                }}
                type="button"
                role="tab"
                id={`${baseId}-tab-${entry.id}`}
                aria-selected={index === selected}
                aria-controls={`${baseId}-panel`}
                tabIndex={index === selected ? 0 : -1}
                onClick={() => setSelected(index)}
                onKeyDown={onKeyDown}
                className={cn(
                  "-mb-px rounded-t-md border-b-2 px-3 py-2 text-sm font-medium",
                  index === selected ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
                )}
              >
                {entry.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${snippet.id}`} className="pt-3">
            <div className="mb-2 flex items-end justify-between gap-3">
              <p className="text-sm text-slate-600">
                {snippet.file ? <code className="mr-1.5 rounded bg-slate-100 px-1 py-px font-mono text-xs text-slate-700">{snippet.file}</code> : null}
                {snippet.hint}
              </p>
              <CopyButton value={snippet.code} label={`Copy ${snippet.label} snippet`} />
            </div>
            <pre data-testid={`snippet-${snippet.id}`} className="overflow-x-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100">
              <code>{snippet.code}</code>
            </pre>
          </div>
        </div>
      </div>
    </Card>
  );
}

function CredentialNote({ credential }: { credential: ExpectedCredential }) {
  switch (credential.type) {
    case "none":
      return <>The attached policy asks clients for no credential.</>;
    case "query":
      return (
        <>
          Clients send their API key in the <code className="font-mono">{credential.name}</code> query parameter; replace {credential.placeholder} in the snippets.
        </>
      );
    case "header":
      return (
        <>
          Clients send <code className="font-mono">{`${credential.name}: ${credential.prefix}${credential.placeholder}`}</code>
          {credential.secret === "api-key"
            ? "; the keys are issued in the policy's API Key Authenticator."
            : "; the access token comes from your identity provider."}
        </>
      );
  }
}
