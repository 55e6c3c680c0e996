import { Readable } from 'node:stream';
import { artifactUri, casUri, type ParcelAttachment, type ParsedArtifactRef, type TaskStatus, type PrincipalWithRole } from '../../protocol/index.js';
import { HubError } from '../errors.js';
import type { AccessService } from './access.js';
import type { Acting } from './acting.js';
import type { ArtifactService, Resolved } from './artifacts.js';
import { formatBytes } from './blob-store.js';
import { isTextual, mediaTypeFor } from './media-types.js';
import { redactSecrets } from './redaction.js';
import { ownerOf } from './wire.js';

/** Text attachments up to this size are read and redacted; a larger one cannot be checked, so it is refused. */
export const REDACT_SCAN_BYTES = 1024 * 1024;

/** A small text given with the send itself (`--content=... --name=...`), stored by the postmaster. */
export interface InlineText {
  name: string;
  content: string;
  mediaType?: string;
}

/** Attachments checked and resolved before anything is written. */
export interface PreparedAttachments {
  byRef: { ref: ParsedArtifactRef; resolved: Resolved; name: string; mediaType: string }[];
  inline: InlineText[];
}

export interface StoredAttachments {
  attachments: ParcelAttachment[];
  redactions: number;
}

const nameOf = (ref: ParsedArtifactRef, resolved: Resolved) => resolved.artifact?.name ?? (ref.type === 'cas' ? ref.sha256.slice(0, 12) : ref.name);

/**
 * The attachments of a parcel: existing artifacts (by URI) the sender may read, and inline text.
 * Text is redacted before it reaches a recipient: inline text before it is stored, and an
 * attached text artifact holding a secret is attached as a redacted copy (the original stays
 * where it was, unchanged and unlinked from the parcel).
 */
export class ParcelAttachments {
  constructor(
    private readonly artifacts: ArtifactService,
    private readonly access: AccessService,
  ) {}

  /** Resolves and checks every attachment; writes nothing. */
  async prepare(caller: PrincipalWithRole, refs: ParsedArtifactRef[], inline: InlineText[]): Promise<PreparedAttachments> {
    const byRef: PreparedAttachments['byRef'] = [];
    for (const ref of refs) {
      const resolved = await this.artifacts.resolve(ref);
      await this.access.assertArtifactRead(caller, resolved.artifact, resolved.blob._id);
      const mediaType = resolved.artifact?.mediaType ?? 'application/octet-stream';
      if (isTextual(mediaType) && resolved.blob.size > REDACT_SCAN_BYTES) {
        throw new HubError(
          'too_large',
          `${nameOf(ref, resolved)} is text of ${formatBytes(resolved.blob.size)}; attachments are checked for secrets up to ${formatBytes(REDACT_SCAN_BYTES)}. Put its URI in the body instead.`,
        );
      }
      byRef.push({ ref, resolved, name: nameOf(ref, resolved), mediaType });
    }
    for (const i of inline) {
      if (Buffer.byteLength(i.content, 'utf8') > REDACT_SCAN_BYTES) throw new HubError('too_large', `Inline attachments hold at most ${formatBytes(REDACT_SCAN_BYTES)}.`);
    }
    return { byRef, inline };
  }

  /**
   * Stores inline text and redacted copies in the artifact store. Inline text of a parcel about a
   * task becomes an artifact of that task, so it is found where the work is; otherwise the parcel
   * is its only link (an `sb://cas/` URI).
   */
  async store(by: Acting, prepared: PreparedAttachments, task: { code: string; status: TaskStatus } | null): Promise<StoredAttachments> {
    const attachments: ParcelAttachment[] = [];
    let redactions = 0;
    for (const a of prepared.byRef) {
      const sha256 = a.resolved.blob._id;
      const text = await this.textOf(a);
      if (text !== null) {
        const clean = redactSecrets(text);
        if (clean.redactions > 0) {
          redactions += clean.redactions;
          const copy = await this.putText(clean.text);
          attachments.push({ name: a.name, uri: casUri(copy.sha256), sha256: copy.sha256, size: copy.size, mediaType: a.mediaType });
          continue;
        }
      }
      // Pinned to the version that was checked: a later version has not been.
      const artifact = a.resolved.artifact;
      const uri = artifact ? artifactUri(ownerOf(artifact), artifact.name, artifact.version) : casUri(sha256);
      attachments.push({ name: a.name, uri, sha256, size: a.resolved.blob.size, mediaType: a.mediaType });
    }
    for (const i of prepared.inline) {
      const clean = redactSecrets(i.content);
      redactions += clean.redactions;
      const put = await this.putText(clean.text);
      const mediaType = mediaTypeFor(i.name, i.mediaType ?? 'text/plain');
      if (task) {
        const { artifact } = await this.artifacts.record(by, { owner: { kind: 'task', code: task.code }, name: i.name, sha256: put.sha256, mediaType });
        attachments.push({ name: i.name, uri: artifact.versionUri, sha256: put.sha256, size: put.size, mediaType: artifact.mediaType });
      } else {
        attachments.push({ name: i.name, uri: casUri(put.sha256), sha256: put.sha256, size: put.size, mediaType });
      }
    }
    return { attachments, redactions };
  }

  /**
   * The attachment as text, or null for binary bytes. Bytes of unknown type (`.env`, `.pem` and
   * other names without a known type) count as text when they are valid UTF-8 without NUL, the
   * same test previews use: a secret is most likely in exactly such a file.
   */
  private async textOf(a: PreparedAttachments['byRef'][number]): Promise<string | null> {
    const textual = isTextual(a.mediaType);
    if (!textual && (a.mediaType !== 'application/octet-stream' || a.resolved.blob.size > REDACT_SCAN_BYTES)) return null;
    const parts: Buffer[] = [];
    if (a.resolved.blob.size > 0) for await (const chunk of this.artifacts.blobs.open(a.resolved.blob)) parts.push(chunk as Buffer);
    const bytes = Buffer.concat(parts);
    if (textual) return bytes.toString('utf8');
    if (bytes.includes(0)) return null;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }

  private async putText(text: string): Promise<{ sha256: string; size: number }> {
    const put = await this.artifacts.blobs.put(Readable.from([Buffer.from(text, 'utf8')]), REDACT_SCAN_BYTES);
    await this.artifacts.blobs.markLinked(put.sha256); // the parcel points to it: the orphan sweep must keep it
    return put;
  }
}
