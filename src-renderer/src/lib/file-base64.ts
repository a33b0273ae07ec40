/** Base64 of a file's bytes (what `datasets.upload` carries), read without blocking the page. */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** Upload limit: the contract's (its base64 fills one WebSocket frame of the browser host). */
export { MAX_UPLOAD_FILE_BYTES as MAX_UPLOAD_BYTES } from '@common/contract';
