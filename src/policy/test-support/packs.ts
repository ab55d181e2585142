import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PackError } from '../errors.js';
import { POLICIES_DIR } from '../load.js';

/** A bureau's override file extending the shipped pack `base` (e.g. 'gx/2022.yaml') with `body`; its path. */
export function override(base: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-override-'));
  const file = join(dir, 'override.yaml');
  writeFileSync(file, `extends: ${join(POLICIES_DIR, base)}\n${body}`);
  return file;
}

/** The PackError `fn` throws (fails the test if it throws anything else or nothing). */
export function packError(fn: () => unknown): PackError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return e as PackError;
  }
  throw new Error('expected a PackError');
}
