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

/** Upload limit: the contract caps base64 at 200 MiB, i.e. 3/4 of that in bytes. */
export const MAX_UPLOAD_BYTES = Math.floor((200 * 1024 * 1024 * 3) / 4);
