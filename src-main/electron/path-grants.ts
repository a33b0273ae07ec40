/**
 * The desktop's desktop-only methods take a path, but only one the user chose: in a native dialog,
 * by dropping a file on the window, from the menu or the recent files, or on the command line. The
 * main process records each such path here, and the IPC adapter refuses a path it never handed out,
 * so a compromised page cannot read or overwrite files of its own choosing. Free of Electron imports.
 */
import { resolve } from 'node:path';
import type { MethodName } from '../common/contract';
import type { IpcReply } from './bridge-channels';

/** open: a data file to read; save: a file to write; folder: a folder to export into. */
export type GrantKind = 'open' | 'save' | 'folder';

export class PathGrants {
  private readonly granted: Record<GrantKind, Set<string>> = { open: new Set(), save: new Set(), folder: new Set() };

  grant(kind: GrantKind, path: string): void {
    this.granted[kind].add(resolve(path));
  }

  has(kind: GrantKind, path: string): boolean {
    return this.granted[kind].has(resolve(path));
  }

  /** A file to write may be written once per save dialog; files to read and folders stay granted. */
  use(kind: GrantKind, path: string): boolean {
    if (!this.has(kind, path)) return false;
    if (kind === 'save') this.granted.save.delete(resolve(path));
    return true;
  }
}

const PATH_ARGUMENT: Partial<Record<MethodName, { kind: GrantKind; field: 'path' | 'dir'; how: string }>> = {
  'datasets.openPath': { kind: 'open', field: 'path', how: 'open it with File › Open…, by dropping it on the window, or from the recent files' },
  'export.predictionsTo': { kind: 'save', field: 'path', how: 'choose the file in the save dialog' },
  'export.modelTo': { kind: 'folder', field: 'dir', how: 'choose the folder in the folder dialog' },
};

/** A refusal when `method` takes a path the user never chose; undefined when the call may go ahead. */
export function refuseUngrantedPath(method: MethodName, input: unknown, grants: PathGrants): IpcReply<never> | undefined {
  const argument = PATH_ARGUMENT[method];
  if (!argument) return undefined;
  const value = (input as Record<string, unknown> | null)?.[argument.field];
  if (typeof value === 'string' && grants.use(argument.kind, value)) return undefined;
  return {
    ok: false,
    error: { code: 'bad_input', message: `${method}: ${String(value)} was not chosen by you in this session; ${argument.how}`, where: argument.field },
  };
}
