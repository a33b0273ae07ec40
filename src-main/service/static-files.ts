/**
 * Serves the built renderer (`out/renderer`) and nothing else: every path is resolved inside that
 * folder, and anything that would leave it is a 404.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export type StaticResult =
  | { kind: 'file'; body: Buffer; contentType: string; isHtml: boolean }
  | { kind: 'not-found' }
  | { kind: 'not-built'; message: string };

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a URL path to a file inside root, or undefined when it would escape root. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const absoluteRoot = resolve(root);
  const candidate = resolve(join(absoluteRoot, normalize(decoded)));
  return candidate === absoluteRoot || candidate.startsWith(absoluteRoot + sep) ? candidate : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function readStatic(root: string, urlPath: string): Promise<StaticResult> {
  const index = join(resolve(root), 'index.html');
  if (!(await isFile(index))) {
    return {
      kind: 'not-built',
      message: `The user interface is not built: ${index} does not exist. Run \`npm run build\` (or start with \`npm run web\`, which builds first).`,
    };
  }
  const target = resolveInside(root, urlPath);
  if (target === undefined) return { kind: 'not-found' };
  let file = target;
  if (!(await isFile(file))) {
    // Paths without an extension are the single-page app's own routes: answer with the app.
    if (extname(urlPath) !== '') return { kind: 'not-found' };
    file = index;
  }
  const body = await readFile(file);
  const contentType = contentTypeOf(file);
  return { kind: 'file', body, contentType, isHtml: contentType.startsWith('text/html') };
}
