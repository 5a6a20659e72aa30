/**
 * vitest globalSetup: a temporary folder for the packed install of assess
 * (test/e2e/packed.ts), shared by every test file of one run and removed at
 * its end. Cheap: nothing is packed until a test asks for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    packedRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-packed-'));
  project.provide('packedRoot', root);
  return () => fs.rmSync(root, { recursive: true, force: true });
}
