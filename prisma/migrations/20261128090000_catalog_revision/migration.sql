-- CreateTable
CREATE TABLE "CatalogRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "revision" INTEGER NOT NULL DEFAULT 0
);


-- The one row that every catalog write bumps (lib/catalog/change-events.ts).
INSERT INTO "CatalogRevision" ("id", "revision") VALUES (1, 0);
