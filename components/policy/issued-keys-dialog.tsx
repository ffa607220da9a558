"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";
import type { IssuedApiKey } from "@/lib/catalog/rule-api-keys";

/** The only moment a new API key is visible: copy it now, it is stored as a hash. */
export function IssuedKeysDialog({ keys, onClose }: { keys: IssuedApiKey[]; onClose: () => void }) {
  return (
    <Dialog
      open={keys.length > 0}
      onClose={onClose}
      title={keys.length === 1 ? "Your new API key" : `Your ${keys.length} new API keys`}
      footer={
        <Button variant="primary" onClick={onClose}>
          I have copied {keys.length === 1 ? "it" : "them"}
        </Button>
      }
    >
      <Alert tone="warning" className="mb-4">
        Copy {keys.length === 1 ? "this key" : "these keys"} now. Gatehouse stores only a hash and cannot show {keys.length === 1 ? "it" : "them"} again.
      </Alert>
      <ul className="space-y-3">
        {keys.map((key) => (
          <li key={key.keyId}>
            <p className="mb-1 text-sm font-medium text-slate-800">{key.description}</p>
            <SecretValue value={key.key} />
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export function SecretValue({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <code data-issued-secret className="min-w-0 flex-1 truncate rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-emerald-300 select-all">
        {value}
      </code>
      <Button
        size="sm"
        aria-label="Copy"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? <CheckIcon className="size-4 text-emerald-600" /> : <CopyIcon className="size-4" />}
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
