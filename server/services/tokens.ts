import { createHash, randomBytes } from 'node:crypto';
import type { PrincipalKind, Role } from '../../protocol/index.js';
import type { PrincipalDoc } from '../db/models/principal.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';
import { isDuplicateKey } from './mongo-errors.js';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Tokens carry a prefix so a leaked one is recognisable (and redactable) as ours. */
export const newToken = (): string => `sbt_${randomBytes(24).toString('base64url')}`;

export class TokenService {
  constructor(private readonly models: Models) {}

  /** The principal behind a token, or null. Marks the token used (not awaited on the hot path). */
  async authenticate(token: unknown): Promise<PrincipalDoc | null> {
    if (typeof token !== 'string' || token.length < 8 || token.length > 200) return null;
    const record = await this.models.tokens.findOne({ hash: hashToken(token), revokedAt: null }).lean();
    if (!record) return null;
    const principal = await this.models.principals.findById(record.principalId).lean();
    if (!principal) return null;
    void this.models.tokens.updateOne({ _id: record._id }, { $set: { lastUsedAt: new Date() } }).catch(() => undefined);
    return principal;
  }

  /** Finds or creates the principal `name` and issues a new token for it. */
  async issue(name: string, kind: PrincipalKind, role: Role, label = ''): Promise<{ principal: PrincipalDoc; token: string }> {
    const lower = name.toLowerCase();
    let principal = await this.models.principals.findOne({ name: lower }).lean();
    if (principal && (principal.kind !== kind || principal.role !== role)) {
      throw new HubError('conflict', `@${lower} already exists as ${principal.kind} with role ${principal.role}.`);
    }
    if (!principal) {
      try {
        principal = (await this.models.principals.create({ name: lower, kind, role })).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        principal = await this.models.principals.findOne({ name: lower }).lean();
        if (!principal) throw err;
      }
    }
    const token = newToken();
    await this.models.tokens.create({ hash: hashToken(token), principalId: principal._id, label });
    return { principal, token };
  }

  /** Makes sure `token` (from ADMIN_TOKEN or the admin token file) opens the admin principal. */
  async ensureAdminToken(token: string): Promise<void> {
    const admin = await this.models.principals.findOneAndUpdate(
      { name: 'admin' },
      { $setOnInsert: { name: 'admin', kind: 'person', role: 'admin', createdAt: new Date() } },
      { upsert: true, new: true, lean: true },
    );
    await this.models.tokens.updateOne(
      { hash: hashToken(token) },
      { $setOnInsert: { hash: hashToken(token), principalId: admin!._id, label: 'admin', createdAt: new Date(), lastUsedAt: null, revokedAt: null } },
      { upsert: true },
    );
  }
}
