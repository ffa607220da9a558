"use server";

import { appContext } from "@/lib/app-context";
import { currentActor } from "@/lib/auth/current-actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { deletePolicy } from "@/lib/catalog/delete-policy";
import { duplicatePolicy } from "@/lib/catalog/duplicate-policy";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { publicOrigin } from "@/lib/catalog/gateway-url";
import { testOAuthRule } from "@/lib/catalog/test-oauth-rule";
import { getEnv } from "@/lib/env";
import { headers } from "next/headers";
import { runAction } from "@/lib/console/action-result";

/** Thin edges: who is calling → the use case (which checks the role and validates) → result. */
export async function savePolicyAction(id: string | null, input: unknown) {
  return runAction(async () => {
    const actor = await currentActor();
    return id ? updatePolicy(appContext(), actor, id, input) : createPolicy(appContext(), actor, input);
  });
}

export async function deletePolicyAction(id: string) {
  return runAction(async () => deletePolicy(appContext(), await currentActor(), id));
}

export async function duplicatePolicyAction(id: string) {
  return runAction(async () => {
    const policy = await duplicatePolicy(appContext(), await currentActor(), id);
    return { id: policy.id, name: policy.name };
  });
}

/** "Test connection" of an MCP OAuth2 Client Credentials rule, with what is in the form now. */
export async function testOAuthRuleAction(input: { config: unknown; policyId?: string; ruleId?: string }) {
  return runAction(async () => {
    const origin = publicOrigin(getEnv().GATEHOUSE_PUBLIC_URL, await headers());
    return testOAuthRule(appContext(), await currentActor(), input, origin);
  });
}
