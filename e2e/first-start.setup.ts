import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./admin";

/**
 * The very first visit on a fresh data directory: the one-time admin set-up. The signed-in
 * session is kept for the other specs, which start where a new admin would.
 */
test("the first start offers a one-time admin set-up", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Gatehouse" })).toBeVisible();
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();

  await expect(page).toHaveURL(/\/policies$/);
  await expect(page.getByRole("heading", { name: "Policy Catalog" })).toBeVisible();

  // The set-up is one-time: once an admin exists it sends people to sign in.
  const setup = await page.request.get("/setup", { maxRedirects: 0 });
  expect(setup.status()).toBe(307);
  expect(setup.headers().location).toMatch(/\/login$/);
  await page.context().storageState({ path: ADMIN_STATE });
});
