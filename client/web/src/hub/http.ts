import { httpRefusal, type WireError } from '../../../../protocol/index.js';

/** A refusal from the hub over HTTP, with its code and sentence. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: WireError,
  ) {
    super(error.message);
  }
}

async function failure(res: Response): Promise<HttpError> {
  return new HttpError(res.status, await httpRefusal(res));
}

/** GET a JSON view with the bearer token. */
export async function getJson<T>(token: string, path: string): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** PUT a JSON body with the bearer token; the JSON answer, or the hub's refusal. */
export async function putJson<T>(token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** GET text (an artifact preview) with the bearer token. */
export async function getText(token: string, path: string): Promise<{ text: string; truncated: boolean }> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  return { text: await res.text(), truncated: res.headers.get('x-preview-truncated') === 'true' };
}

/**
 * POST multipart with upload progress (fetch cannot report it): `onProgress` gets 0..1 as bytes
 * leave the browser. Resolves with the JSON answer; rejects with the hub's error.
 */
export function postWithProgress<T>(token: string, path: string, form: FormData, onProgress: (fraction: number) => void): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as ({ ok: boolean; error?: WireError } & T) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(new HttpError(xhr.status, body?.error ?? { code: 'internal', message: `The upload failed (HTTP ${xhr.status}).` }));
    };
    xhr.onerror = () => reject(new HttpError(0, { code: 'unavailable', message: 'The hub could not be reached; the upload did not finish.' }));
    xhr.onabort = () => reject(new HttpError(0, { code: 'bad_request', message: 'The upload was cancelled.' }));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
