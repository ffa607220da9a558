import type { Page } from "@playwright/test";

/**
 * Waits until the page's form has hydrated (components/ui/use-hydrated.ts): typing into the
 * server-rendered HTML before that can be undone by React on a slow machine.
 */
export async function formReady(page: Page): Promise<void> {
  await page.locator("[data-hydrated]").first().waitFor();
}

export async function openForm(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await formReady(page);
}
