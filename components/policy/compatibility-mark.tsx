import { useId } from "react";
import { cn } from "@/components/ui/cn";
import { CheckIcon, CrossIcon } from "@/components/ui/icons";

/**
 * The MCP compatibility mark: a green check, or a red cross whose reason appears on hover
 * and on keyboard focus (the mark is focusable and the reason is its description).
 */
export function CompatibilityMark({ compatible, reason, className }: { compatible: boolean; reason?: string; className?: string }) {
  const id = useId();
  const text = compatible ? "Works with MCP servers" : `Not for MCP servers: ${reason ?? "this rule cannot be used by an MCP server"}`;
  return (
    <span
      tabIndex={0}
      role="img"
      aria-label={compatible ? "MCP compatible" : "Not MCP compatible"}
      aria-describedby={id}
      data-mcp-compatible={compatible}
      className={cn("group relative inline-flex size-5 shrink-0 items-center justify-center rounded-full", compatible ? "bg-emerald-100 text-emerald-700" : "bg-rose-100 text-rose-600", className)}
    >
      {compatible ? <CheckIcon className="size-3.5" strokeWidth={2.6} /> : <CrossIcon className="size-3.5" strokeWidth={2.6} />}
      <span id={id} role="tooltip" className="tooltip-panel bottom-full left-1/2 mb-2 -translate-x-1/2 group-hover:visible group-hover:opacity-100 group-focus:visible group-focus:opacity-100">
        {text}
      </span>
    </span>
  );
}
