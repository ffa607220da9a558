import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "../crypto/password-policy";
import { CONSOLE_ROLES } from "./actor";

export const emailField = z
  .string({ error: "Required" })
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter an email address").max(254, "At most 254 characters"));

export const passwordField = z
  .string({ error: "Required" })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, "At most 256 characters");

export const nameField = z.string().trim().max(100, "At most 100 characters").default("");

export const firstAdminInput = z.object({ email: emailField, name: nameField, password: passwordField });

export const addUserInput = z.object({ email: emailField, name: nameField, role: z.enum(CONSOLE_ROLES, { error: "Choose admin or viewer" }) });

export const changeRoleInput = z.object({ role: z.enum(CONSOLE_ROLES, { error: "Choose admin or viewer" }) });

/** A signed-in user's own password change: the current password proves it is them. */
export const changeOwnPasswordInput = z.object({
  currentPassword: z.string({ error: "Required" }).min(1, "Required").max(256, "At most 256 characters"),
  newPassword: passwordField,
});
