import { CONSOLE_ROLES, type ConsoleRole } from "@/lib/catalog/actor";

export const ROLE_LABELS = {
  admin: "Admin",
  viewer: "Viewer",
} as const satisfies Record<ConsoleRole, string>;

/** The <option>s of a role <select>, in the order of CONSOLE_ROLES. */
export function RoleOptions() {
  return CONSOLE_ROLES.map((role) => (
    <option key={role} value={role}>
      {ROLE_LABELS[role]}
    </option>
  ));
}

export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}
