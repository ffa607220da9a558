"use client";

import { cn } from "./cn";

/** An on/off switch: a real checkbox underneath, so it is keyboard operable and labelled. */
export function Switch({
  id,
  checked,
  onChange,
  label,
  disabled,
  describedBy,
}: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  describedBy?: string;
}) {
  return (
    <span className="relative inline-flex items-center">
      <input
        id={id}
        type="checkbox"
        role="switch"
        aria-label={label}
        aria-describedby={describedBy}
        className="peer sr-only"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span
        aria-hidden="true"
        className={cn(
          "h-5 w-9 rounded-full transition-colors peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600",
          checked ? "bg-indigo-600" : "bg-slate-300",
          disabled && "opacity-50",
        )}
        onClick={() => !disabled && onChange(!checked)}
      />
      <span
        aria-hidden="true"
        className={cn("pointer-events-none absolute left-0.5 size-4 rounded-full bg-white shadow transition-transform", checked && "translate-x-4")}
      />
    </span>
  );
}
