"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { InlineCode } from "@/components/ui/inline-code";
import { PageHeader } from "@/components/ui/page-header";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ApiTokenView } from "@/lib/catalog/api-tokens";
import { ApiTokenTable } from "./api-token-table";
import { CreateTokenDialog } from "./create-token-dialog";

/**
 * The API tokens page below the server fetch. The header button and the empty state's
 * button open one dialog owned here, so the new token stays on screen when the refreshed
 * list replaces the empty state.
 */
export function ApiTokensPanel({ tokens, now, canManage }: { tokens: ApiTokenView[]; now: string; canManage: boolean }) {
  const [creating, setCreating] = useState(false);
  const hydrated = useHydrated();
  const createButton = canManage ? (
    <Button variant="primary" onClick={() => setCreating(true)} data-hydrated={hydrated || undefined}>
      <PlusIcon className="size-4" />
      Create token
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="API Tokens"
        description={<InlineCode text="Tokens let scripts and pipelines call the REST API at `/api/v1` with `Authorization: Bearer`, acting for the admin who created them." />}
        actions={createButton}
      />
      <Card>
        {tokens.length === 0 ? (
          <EmptyState icon={<KeyIcon />} title="No API tokens yet" action={createButton}>
            <InlineCode text="Tokens are for automation, such as a CI pipeline that creates and updates policies through `/api/v1`. Each token is shown once when it is created and can be revoked at any time." />
          </EmptyState>
        ) : (
          <ApiTokenTable tokens={tokens} now={now} canManage={canManage} />
        )}
      </Card>
      {canManage ? <CreateTokenDialog open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
