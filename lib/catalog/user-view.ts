import type { User } from "@prisma/client";
import type { ConsoleRole } from "./actor";

export type UserView = { id: string; email: string; name: string; role: ConsoleRole; createdAt: string; lastLoginAt: string | null };

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as ConsoleRole,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
