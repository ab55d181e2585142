/** What the browser tests share: the server's address and a user of each role (global-setup.ts). */
export interface WebUser {
  readonly username: string;
  readonly password: string;
  readonly role: 'admin' | 'bureau' | 'township' | 'viewer';
  readonly admdvs: string | null;
  /** May see full ID numbers (through the audited unmask request). */
  readonly canUnmask?: boolean;
}

export interface WebFixture {
  readonly url: string;
  /** admin, bureau, town005 (township 500243005), town008 (township 500243008), viewer, and unmasker (a bureau user with the unmask right) */
  readonly users: Readonly<Record<'admin' | 'bureau' | 'town005' | 'town008' | 'viewer' | 'unmasker', WebUser>>;
  /** The server's PGlite folder (read-only for tests: the server holds it). */
  readonly dataDir: string;
}
