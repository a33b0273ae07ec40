import { StudioError, UPLOAD_PATH, UploadReceipt } from '@common/contract';

export interface UploadProgress {
  sent: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Streams a file's bytes to the browser host; resolves with what `datasets.openUpload` takes. */
export type FileUploader = (file: File, options?: UploadOptions) => Promise<UploadReceipt>;

/** Thrown when the user cancelled an upload: not a problem to report. */
export class UploadCancelled extends Error {
  constructor(name: string) {
    super(`The upload of ${name} was cancelled.`);
    this.name = 'UploadCancelled';
  }
}

/**
 * The browser host's streamed upload (`POST /upload`, same origin, the token cookie goes along).
 * XMLHttpRequest rather than fetch: only it reports upload progress. The browser reads the file
 * from disk as it sends; the page never holds its bytes.
 */
export function createHttpUploader(base: { origin: string }): FileUploader {
  return (file, options = {}) =>
    new Promise<UploadReceipt>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const url = `${base.origin}${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`;
      xhr.open('POST', url);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (event) => options.onProgress?.({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
      xhr.onload = () => {
        if (xhr.status === 201) {
          const parsed = UploadReceipt.safeParse(safeJson(xhr.responseText));
          if (parsed.success) return resolve(parsed.data);
          return reject(new StudioError('internal', `The host answered the upload of ${file.name} with data this app does not understand; the app and host versions may differ.`));
        }
        const code = xhr.status === 404 ? 'not_found' : xhr.status >= 500 ? 'internal' : 'bad_input';
        reject(new StudioError(code, xhr.responseText.trim() || `The upload of ${file.name} failed (HTTP ${xhr.status}).`, file.name));
      };
      xhr.onerror = () => reject(new StudioError('internal', `The upload of ${file.name} was interrupted (the connection to the host failed); try again.`, file.name));
      xhr.onabort = () => reject(new UploadCancelled(file.name));
      if (options.signal?.aborted) return reject(new UploadCancelled(file.name));
      options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(file);
    });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
