import { Badge } from "@/components/ui/badge";
import type { ConsoleRole } from "@/lib/catalog/actor";

/** A console role as the sidebar shows it: admins in indigo, viewers in grey. */
export function RoleBadge({ role }: { role: ConsoleRole }) {
  return <Badge tone={role === "admin" ? "indigo" : "neutral"}>{role}</Badge>;
}
