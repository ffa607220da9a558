-- CreateTable
CREATE TABLE "CatalogRevision" (
    "id" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CatalogRevision_pkey" PRIMARY KEY ("id")
);


-- The one row that every catalog write bumps (lib/catalog/change-events.ts).
INSERT INTO "CatalogRevision" ("id", "revision") VALUES (1, 0);
