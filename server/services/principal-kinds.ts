import type { PrincipalKind } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';

/** Names remembered at most; past it the memory starts again (a read per name refills it). */
const MAX_KNOWN = 10_000;

/**
 * Who is an agent and who a person, by name, for the checks every send makes (recipients exist,
 * which are agents). A principal is never deleted, renamed or given another kind, so a name once
 * found keeps its kind on every hub: only names not yet known are read. A name not found is not
 * remembered, since a token issued later creates it.
 */
export class PrincipalKinds {
  private readonly known = new Map<string, PrincipalKind>();

  constructor(private readonly models: Models) {}

  /** The kinds of those of `names` that exist (lower-case names). */
  async of(names: string[]): Promise<Map<string, PrincipalKind>> {
    const unknown = names.filter((n) => !this.known.has(n));
    if (unknown.length) {
      const found = await this.models.principals.find({ name: { $in: unknown } }, { name: 1, kind: 1 }).lean();
      if (this.known.size + found.length > MAX_KNOWN) this.known.clear();
      for (const p of found) this.known.set(p.name, p.kind);
    }
    const kinds = new Map<string, PrincipalKind>();
    for (const n of names) {
      const kind = this.known.get(n);
      if (kind) kinds.set(n, kind);
    }
    return kinds;
  }
}
