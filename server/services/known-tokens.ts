import type { PrincipalWithRole } from '../../protocol/index.js';
import type { Clock } from './clock.js';

/** Tokens kept: more than the principals a hub serves at once. */
const KEPT = 10_000;

/**
 * How long a token this hub found valid opens connections and requests without a read: the bound
 * on how long a revocation made on another hub is ignored here when its relay was lost.
 */
export const TOKEN_COPY_MAX_AGE_MS = 60_000;

export interface KnownToken {
  /** Who the token opens: that never changes once the principal exists (a token is refused another kind or role). */
  principal: PrincipalWithRole;
  tokenId: string;
  /** When the database last said the token was valid (the hub's clock). */
  checkedAt: number;
}

/**
 * Tokens this hub found valid lately, by hash, so a request or a connection with one reads
 * neither the token nor its principal. A revocation on this hub, or relayed from another, makes
 * the hub forget those tokens at once, and a lookup that was in flight meanwhile is not kept.
 * Least recently used tokens go first past KEPT.
 */
export class KnownTokens {
  private readonly byHash = new Map<string, KnownToken>();
  /** Bumped by every revocation: a lookup that started before one may have found a revoked token valid. */
  private revocations = 0;

  constructor(
    private readonly clock: Clock,
    private readonly kept = KEPT,
  ) {}

  /** The token with this hash, if found valid less than TOKEN_COPY_MAX_AGE_MS ago. */
  get(hash: string): KnownToken | null {
    const known = this.byHash.get(hash);
    if (!known) return null;
    this.byHash.delete(hash);
    if (this.clock.now().getTime() - known.checkedAt >= TOKEN_COPY_MAX_AGE_MS) return null;
    this.byHash.set(hash, known);
    return known;
  }

  /** What `put` needs to tell whether a revocation came while the token was being looked up. */
  mark(): number {
    return this.revocations;
  }

  /**
   * Keeps a token the database just found valid, unless a revocation came since `mark`. Every
   * socket and request with the token shares `principal`: pass it frozen, and of strings only (an
   * ObjectId's bytes are a view into a larger buffer, which it would keep alive).
   */
  put(hash: string, principal: PrincipalWithRole, tokenId: string, mark: number): void {
    if (mark !== this.revocations) return;
    this.byHash.delete(hash);
    this.byHash.set(hash, { principal, tokenId, checkedAt: this.clock.now().getTime() });
    if (this.byHash.size > this.kept) this.byHash.delete(this.byHash.keys().next().value!);
  }

  /** Revoked tokens: forgotten at once, and lookups in flight are not kept. */
  forget(tokenIds: Iterable<string>): void {
    this.revocations++;
    const ids = new Set(tokenIds);
    for (const [hash, known] of this.byHash) if (ids.has(known.tokenId)) this.byHash.delete(hash);
  }
}
