import { z } from "zod";
import { CONSOLE_ROLES } from "./actor";

export const createApiTokenInput = z.object({
  name: z.string({ error: "Required" }).trim().min(1, "Name the token after what uses it").max(100, "At most 100 characters"),
  role: z.enum(CONSOLE_ROLES, { error: "Choose admin or viewer" }).default("admin"),
  expiresInDays: z
    .number({ error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(1, "At least 1 day")
    .max(3650, "At most 3650 days")
    .nullable()
    .default(90),
});
