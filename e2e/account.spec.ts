import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./admin";
import { formReady } from "./forms";

/**
 * A person added by an admin replaces the one-time initial password with their own, from the
 * account page behind their email in the sidebar; afterwards only the new password signs in.
 */
const EMAIL = "operator@example.com";
const NEW_PASSWORD = "a passphrase of my own";

async function signIn(page: Page, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a new user replaces the initial password with their own", async ({ browser }) => {
  const admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
  await admin.goto("/users");
  await formReady(admin);
  await admin.getByRole("button", { name: "Add user" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Email").fill(EMAIL);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByRole("button", { name: "Add user" }).click();
  const initialPassword = (await dialog.locator("[data-issued-secret]").textContent())!.trim();
  await dialog.getByRole("button", { name: "Done" }).click();

  const person = await (await browser.newContext()).newPage();
  await signIn(person, initialPassword);
  await expect(person.getByRole("heading", { name: "Policy Catalog" })).toBeVisible();
  await person.getByRole("link", { name: EMAIL }).click();
  await expect(person.getByRole("heading", { name: "Your account" })).toBeVisible();
  await formReady(person);

  // Each mistake is named at its field, and nothing changes.
  await person.getByLabel("Current password").fill(initialPassword);
  await person.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await person.getByLabel("Repeat the new password").fill(`${NEW_PASSWORD}!`);
  await person.getByRole("button", { name: "Change password" }).click();
  await expect(person.getByText("The two new passwords differ")).toBeVisible();

  await person.getByLabel("Current password").fill("not my password");
  await person.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await person.getByRole("button", { name: "Change password" }).click();
  await expect(person.getByText("This is not your current password")).toBeVisible();
  await expect(person.getByLabel("Current password")).toBeFocused();
  await person.screenshot({ path: "e2e/.state/account.png" });

  await person.getByLabel("Current password").fill(initialPassword);
  await person.getByRole("button", { name: "Change password" }).click();
  await expect(person.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  await expect(person.getByLabel("Current password")).toHaveValue("");

  // Only the new password signs in now.
  const later = await (await browser.newContext()).newPage();
  await signIn(later, initialPassword);
  await expect(later.getByText("Wrong email or password")).toBeVisible();
  await signIn(later, NEW_PASSWORD);
  await expect(later.getByRole("heading", { name: "Policy Catalog" })).toBeVisible();
});
