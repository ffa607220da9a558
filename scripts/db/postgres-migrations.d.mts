// Types for the TypeScript callers (tests) of postgres-migrations.mjs, which stays plain
// JavaScript so that `npm start` and the gatehouse command run it with node alone.

export declare const MIGRATIONS_DIRECTORY: string;
export declare const MIGRATIONS_TABLE: string;

export type Migration = { name: string; path: string; sql: string; checksum: string };

export type MigrationStatus = {
  applied: { name: string; appliedAt: Date }[];
  pending: string[];
  /** Applied, but the committed file differs from what was applied. */
  changed: string[];
  /** Recorded by the database but not committed here. */
  unknown: string[];
};

export declare function readMigrations(directory?: string): Migration[];

export declare function postgresMigrationStatus(databaseUrl: string, options?: { directory?: string }): Promise<MigrationStatus>;

/** Applies the pending migrations; returns their names. */
export declare function migratePostgres(databaseUrl: string, options?: { directory?: string; log?: (message: string) => void }): Promise<string[]>;
