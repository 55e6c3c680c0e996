import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Models } from '../db/models/index.js';

const KEY_ID = 'link-signing-key';

/**
 * Expiring download links: an HMAC of the path, the version and the expiry time, with a key kept
 * in the database so links survive restarts and work on every hub of a deployment.
 */
export class LinkSigner {
  private key: Buffer | null = null;

  constructor(
    private readonly models: Models,
    /** Where links point: PUBLIC_URL, or the address the hub listens on ('' before it listens). */
    private readonly address: () => string,
  ) {}

  get baseUrl(): string {
    return this.address();
  }

  private async signingKey(): Promise<Buffer> {
    if (this.key) return this.key;
    await this.models.settings.updateOne({ _id: KEY_ID }, { $setOnInsert: { value: randomBytes(32).toString('hex') } }, { upsert: true });
    const doc = await this.models.settings.findById(KEY_ID).lean();
    this.key = Buffer.from(doc!.value, 'hex');
    return this.key;
  }

  private mac(key: Buffer, path: string, version: string, exp: number): string {
    return createHmac('sha256', key).update(`${path}\n${version}\n${exp}`).digest('base64url');
  }

  /** An absolute URL for `path` (as served, percent-encoded) valid for `ttlSeconds`. */
  async sign(path: string, version: number | null, ttlSeconds: number, now = Date.now()): Promise<{ url: string; expiresAt: string }> {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    const sig = this.mac(await this.signingKey(), path, version ? String(version) : '', exp);
    const query = new URLSearchParams({ ...(version ? { v: String(version) } : {}), exp: String(exp), sig });
    return { url: `${this.baseUrl}${path}?${query}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(path: string, version: string | null, exp: string | null, sig: string | null, now = Date.now()): Promise<boolean> {
    if (!exp || !sig || !/^\d+$/.test(exp) || Number(exp) * 1000 < now) return false;
    const expected = Buffer.from(this.mac(await this.signingKey(), path, version ?? '', Number(exp)));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
