import { expect } from "vitest";
import { CatalogError } from "@/lib/catalog/errors";

/** The CatalogError a use case rejects with; fails the test when it resolves or throws anything else. */
export async function catalogErrorOf(pending: Promise<unknown>): Promise<CatalogError> {
  try {
    await pending;
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return error as CatalogError;
  }
  return expect.fail("Expected a CatalogError, but the call succeeded");
}
