import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackendInfo, RunRecord } from '../spec';

let appVersion: string | undefined;

/** The app's version from its package.json, found by walking up (works from src-main and from out/ bundles). */
export function readAppVersion(start: string = __dirname): string {
  if (appVersion) return appVersion;
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rnn-studio' && pkg.version) return (appVersion = pkg.version);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (appVersion = '0.0.0');
}

/** What a run was produced with, so a result can be traced to the software that made it. */
export function runVersions(backend: BackendInfo): RunRecord['versions'] {
  return { app: readAppVersion(), tfjs: backend.tfjsVersion, node: process.versions.node, tensorflow: backend.tensorflowVersion };
}
