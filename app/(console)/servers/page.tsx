import type { Metadata } from "next";
import Link from "next/link";
import { RegistrationTable } from "@/components/registration/registration-table";
import { buttonClasses } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listServers } from "@/lib/catalog/list-servers";

export const metadata: Metadata = { title: "MCP Servers" };

export default async function ServersPage() {
  const actor = await requireSignedIn();
  const servers = await listServers(appContext(), actor);
  return (
    <>
      <PageHeader
        title="MCP Servers"
        description="MCP servers behind the gateway. Each is reached at /mcp/<slug> and protected by the policy attached to it; a server without a policy stays disabled."
        actions={
          actor.role === "admin" ? (
            <Link href="/servers/new" className={buttonClasses("primary")}>
              <PlusIcon className="size-4" />
              Register MCP Server
            </Link>
          ) : null
        }
      />
      <RegistrationTable kind="mcp" rows={servers} canCreate={actor.role === "admin"} />
    </>
  );
}
