import type { Metadata } from "next";
import Link from "next/link";
import { RegistrationTable } from "@/components/registration/registration-table";
import { buttonClasses } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listServices } from "@/lib/catalog/list-services";

export const metadata: Metadata = { title: "API Services" };

export default async function ServicesPage() {
  const actor = await requireSignedIn();
  const services = await listServices(appContext(), actor);
  return (
    <>
      <PageHeader
        title="API Services"
        description="HTTP APIs behind the gateway. Each is reached at /apis/<slug>/<path> and protected by the policy attached to it; every rule of the catalog applies, Response Cache, HTTP Redirect, HTTP Retry and Response Transformer included."
        actions={
          actor.role === "admin" ? (
            <Link href="/services/new" className={buttonClasses("primary")}>
              <PlusIcon className="size-4" />
              Register API Service
            </Link>
          ) : null
        }
      />
      <RegistrationTable kind="api" rows={services} canCreate={actor.role === "admin"} />
    </>
  );
}
