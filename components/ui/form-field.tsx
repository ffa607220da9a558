import type { ReactNode } from "react";
import { cn } from "./cn";
import { WarningIcon } from "./icons";

/**
 * A labelled field with its help text, warning and error. The control gets `id`, and
 * `aria-describedby` pointing at the help and error (see describedBy) so screen readers
 * announce them.
 */
export function FormField({
  id,
  label,
  help,
  warning,
  error,
  required,
  children,
  className,
  labelHidden = false,
  group = false,
}: {
  id: string;
  label: ReactNode;
  help?: ReactNode;
  warning?: ReactNode;
  error?: string;
  required?: boolean;
  children: ReactNode;
  className?: string;
  labelHidden?: boolean;
  /** For a control made of several inputs (a list, a table): a labelled group, not a <label>. */
  group?: boolean;
}) {
  const labelClass = cn("text-sm font-medium text-slate-800", labelHidden && "sr-only");
  // The required mark sits outside the label so the accessible name stays exactly the label.
  const requiredMark = required && !labelHidden ? <span className="ml-0.5 text-sm text-rose-600" aria-hidden="true">*</span> : null;
  return (
    <div className={cn("min-w-0", className)} role={group ? "group" : undefined} aria-labelledby={group ? `${id}-label` : undefined}>
      <div className={labelHidden ? undefined : "flex items-baseline"}>
        {group ? (
          <span id={`${id}-label`} className={labelClass}>
            {label}
          </span>
        ) : (
          <label htmlFor={id} className={labelClass}>
            {label}
          </label>
        )}
        {requiredMark}
      </div>
      <div className={labelHidden ? undefined : "mt-1.5"}>{children}</div>
      {warning ? (
        <p className="mt-1.5 flex items-start gap-1.5 text-xs text-amber-800">
          <WarningIcon className="mt-px size-3.5 shrink-0" />
          <span>{warning}</span>
        </p>
      ) : null}
      {help ? (
        <p id={`${id}-help`} className="mt-1.5 text-xs leading-relaxed text-slate-500">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-xs font-medium whitespace-pre-wrap text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, { help, error }: { help?: unknown; error?: unknown }): string | undefined {
  const ids = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export const inputClasses = (invalid?: boolean, className?: string) =>
  cn(
    "block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500",
    invalid ? "ring-rose-400 focus:ring-rose-600" : "ring-slate-300 focus:ring-indigo-600",
    className,
  );
