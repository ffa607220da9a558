"use client";

import type { ReactNode, RefObject } from "react";
import type { FieldIssue } from "@/lib/catalog/errors";
import { Alert } from "./alert";
import { Button } from "./button";

/** The message of a failed save; `conflict` when the saved version changed meanwhile (409). */
export type SummaryMessage = { text: string; tone?: "error" | "warning"; conflict?: boolean };

/**
 * The box above a form after a failed save: what went wrong, a Reload button when someone
 * else saved first, and each field issue as a link that jumps to its field. Focused after a
 * failed save (summaryRef), so that screen readers read it and Tab leads to the first issue.
 */
export function ValidationSummary({
  summaryRef,
  message,
  issues,
  fieldId,
  label,
  onJump,
  onReload,
}: {
  summaryRef: RefObject<HTMLDivElement | null>;
  message: SummaryMessage;
  issues: FieldIssue[];
  /** The DOM id of the field an issue path names (the link's target). */
  fieldId: (path: string) => string;
  /** How the issue's field is named to the user. */
  label: (path: string) => ReactNode;
  /** Brings the field into view and focuses it. */
  onJump: (path: string) => void;
  onReload: () => void;
}) {
  return (
    <div ref={summaryRef} tabIndex={-1} className="mb-6 outline-none" id="validation-summary">
      <Alert tone={message.tone ?? "error"} title={message.text}>
        {message.conflict ? (
          <Button size="sm" className="mt-2" onClick={onReload}>
            Reload
          </Button>
        ) : null}
        {issues.length > 0 ? (
          <ul className="mt-1 list-inside list-disc space-y-0.5">
            {issues.map((issue, index) => (
              <li key={index}>
                <a
                  href={`#${fieldId(issue.path)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    onJump(issue.path);
                  }}
                  className="underline decoration-rose-300 underline-offset-2 hover:decoration-rose-700"
                >
                  {label(issue.path)}
                </a>
                : {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
      </Alert>
    </div>
  );
}
