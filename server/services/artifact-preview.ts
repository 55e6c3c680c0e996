import { PREVIEW_BYTES } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { Resolved } from './artifacts.js';
import type { BlobStore } from './blob-store.js';
import { isTextual } from './media-types.js';

export interface Preview {
  text: string;
  /** True when the artifact is longer than what is shown. */
  truncated: boolean;
  mediaType: string;
}

async function head(blobs: BlobStore, resolved: Resolved, bytes: number): Promise<Buffer> {
  if (resolved.blob.size === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for await (const chunk of blobs.open(resolved.blob, { start: 0, end: Math.min(resolved.blob.size, bytes) - 1 })) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** The first `bytes` of a text artifact as text; anything else is refused with unsupported_media_type. */
export async function previewOf(blobs: BlobStore, resolved: Resolved, bytes = PREVIEW_BYTES): Promise<Preview> {
  const mediaType = resolved.artifact?.mediaType ?? 'application/octet-stream';
  const buf = await head(blobs, resolved, bytes);
  // Bytes of unknown type are shown only if they look like text: no NUL, valid UTF-8.
  const looksTextual = !buf.includes(0) && isUtf8Prefix(buf);
  if (!isTextual(mediaType) && !(mediaType === 'application/octet-stream' && looksTextual)) {
    throw new HubError('unsupported_media_type', `A preview shows text and markdown; this is ${mediaType}. Download it instead.`);
  }
  const truncated = resolved.blob.size > buf.length;
  // A cut in the middle of a multi-byte character would show as garbage: drop the partial tail.
  let text = new TextDecoder('utf-8').decode(buf);
  if (truncated) text = text.replace(/\uFFFD+$/, '');
  return { text, truncated, mediaType: isTextual(mediaType) ? mediaType : 'text/plain' };
}

/** Valid UTF-8, allowing a character cut off at the very end. */
function isUtf8Prefix(buf: Buffer): boolean {
  for (let cut = 0; cut < 4 && cut <= buf.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut));
      return true;
    } catch {
      /* try without the last bytes */
    }
  }
  return false;
}
