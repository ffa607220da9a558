import type { ReactNode } from "react";
import { cn } from "./cn";
import { InfoIcon, WarningIcon } from "./icons";

type Tone = "error" | "warning" | "info" | "success";

const tones: Record<Tone, string> = {
  error: "bg-rose-50 text-rose-800 ring-rose-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  info: "bg-sky-50 text-sky-900 ring-sky-200",
  success: "bg-emerald-50 text-emerald-900 ring-emerald-200",
};

export function Alert({ tone = "info", title, children, className, id }: { tone?: Tone; title?: ReactNode; children?: ReactNode; className?: string; id?: string }) {
  const Icon = tone === "info" || tone === "success" ? InfoIcon : WarningIcon;
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={cn("flex gap-3 rounded-md px-4 py-3 text-sm ring-1 ring-inset", tones[tone], className)}>
      <Icon className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
      </div>
    </div>
  );
}
