// Types for the TypeScript callers (tests) of postgres-schema.mjs, which stays plain JavaScript
// so that the gatehouse command runs it with node alone.

export declare const SQLITE_SCHEMA: string;
export declare const POSTGRES_SCHEMA: string;

/** The PostgreSQL schema for a given SQLite schema text. */
export declare function derivePostgresSchema(sqliteSchema: string): string;
