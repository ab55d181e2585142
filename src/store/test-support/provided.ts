/** What the vitest globalSetup (postgres-server.ts) hands to the test files. */
export interface PostgresInfo {
  /** postgres://… of the throwaway server's maintenance database; absent when it could not start. */
  readonly url?: string;
  /** Why there is no server: the PostgreSQL half of every store test fails with it. */
  readonly error?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresInfo;
  }
}
