import path from "node:path";

/** The admin created by the first-start set-up, and where its signed-in session is kept. */
export const ADMIN = { email: "admin@example.com", password: "correct horse battery staple" };
export const ADMIN_STATE = path.join(import.meta.dirname, ".state/admin.json");
