import { createHash, randomBytes } from 'node:crypto';
import type { PrincipalKind, PrincipalWithRole, Role } from '../../protocol/index.js';
import type { PrincipalDoc } from '../db/models/principal.js';
import type { Models } from '../db/models/index.js';
import type { Hooks } from '../hooks.js';
import { HubError } from '../errors.js';
import { systemClock, type Clock } from './clock.js';
import { KnownTokens } from './known-tokens.js';
import { isDuplicateKey } from './mongo-errors.js';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Tokens carry a prefix so a leaked one is recognisable (and redactable) as ours. */
export const newToken = (): string => `sbt_${randomBytes(24).toString('base64url')}`;

export interface TokenInfo {
  id: string;
  name: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class TokenService {
  /** Tokens found valid lately; forgotten when revoked here or on another hub (relayed by the hub). */
  readonly known: KnownTokens;

  constructor(
    private readonly models: Models,
    /** Told which tokens were revoked (`token:revoked`), so live connections opened with them are closed. */
    private readonly hooks: Hooks,
    clock: Clock = systemClock,
  ) {
    this.known = new KnownTokens(clock);
  }

  /** The principal behind a token, or null. */
  async authenticate(token: unknown): Promise<PrincipalWithRole | null> {
    return (await this.authenticateToken(token))?.principal ?? null;
  }

  /**
   * The principal and the id of the token record, for connections that must end when it is
   * revoked. A token found valid less than a minute ago is not read again (see KnownTokens); each
   * read marks it used (not awaited), so "last used" is right to the minute.
   */
  async authenticateToken(token: unknown): Promise<{ principal: PrincipalWithRole; tokenId: string } | null> {
    if (typeof token !== 'string' || token.length < 8 || token.length > 200) return null;
    const hash = hashToken(token);
    const known = this.known.get(hash);
    if (known) return { principal: known.principal, tokenId: known.tokenId };
    const mark = this.known.mark();
    const record = await this.models.tokens.findOne({ hash, revokedAt: null }).lean();
    if (!record) return null;
    const doc = await this.models.principals.findById(record.principalId, { name: 1, kind: 1, role: 1 }).lean();
    if (!doc) return null;
    void this.models.tokens.updateOne({ _id: record._id }, { $set: { lastUsedAt: new Date() } }).catch(() => undefined);
    const principal: PrincipalWithRole = Object.freeze({ id: String(doc._id), name: doc.name, kind: doc.kind, role: doc.role });
    const tokenId = String(record._id);
    this.known.put(hash, principal, tokenId, mark);
    return { principal, tokenId };
  }

  /** The principal with this id if it still holds a token that is not revoked (schedules run only as such). */
  async withLiveToken(principalId: string): Promise<PrincipalWithRole | null> {
    const principal = await this.models.principals.findById(principalId).lean();
    if (!principal || !(await this.models.tokens.exists({ principalId: principal._id, revokedAt: null }))) return null;
    return { id: String(principal._id), name: principal.name, kind: principal.kind, role: principal.role };
  }

  /** The tokens of a principal, newest first (never the tokens themselves: only their records). */
  async list(name: string): Promise<TokenInfo[]> {
    const principal = await this.principal(name);
    const docs = await this.models.tokens.find({ principalId: principal._id }).sort({ _id: -1 }).lean();
    return docs.map((d) => ({
      id: String(d._id),
      name: principal.name,
      label: d.label,
      createdAt: d.createdAt.toISOString(),
      lastUsedAt: d.lastUsedAt ? d.lastUsedAt.toISOString() : null,
      revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
    }));
  }

  /**
   * Revokes one token of `name` (by id) or all of them; their live connections are closed. Returns
   * how many were revoked now (already revoked ones are not counted again).
   */
  async revoke(name: string, which: { id: string } | 'all'): Promise<number> {
    const principal = await this.principal(name);
    const filter: Record<string, unknown> = { principalId: principal._id, revokedAt: null };
    if (which !== 'all') {
      if (!/^[a-f0-9]{24}$/.test(which.id)) throw new HubError('invalid_args', `"${which.id}" is not a token id: /tokens @${principal.name} lists them.`);
      const exists = await this.models.tokens.findOne({ _id: which.id, principalId: principal._id }).lean();
      if (!exists) throw new HubError('not_found', `@${principal.name} has no token ${which.id}; /tokens @${principal.name} lists them.`);
      filter._id = exists._id;
    }
    const ids = (await this.models.tokens.find(filter, { _id: 1 }).lean()).map((d) => d._id);
    if (!ids.length) return 0;
    await this.models.tokens.updateMany({ _id: { $in: ids }, revokedAt: null }, { $set: { revokedAt: new Date() } });
    this.known.forget(ids.map(String));
    await this.hooks.emit('token:revoked', { tokenIds: ids.map(String) });
    return ids.length;
  }

  private async principal(name: string): Promise<PrincipalDoc> {
    const principal = await this.models.principals.findOne({ name: name.toLowerCase() }).lean();
    if (!principal) throw new HubError('not_found', `Nobody is called @${name.toLowerCase()}.`);
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
