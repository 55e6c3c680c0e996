import type { PrincipalKind } from '../../protocol/index.js';
import type { Models } from '../db/models/index.js';
import { HubError } from '../errors.js';

/** Names remembered at most; past it the memory starts again (a read per name refills it). */
const MAX_KNOWN = 10_000;

/**
 * Who is an agent and who a person, by name, for the checks every send makes (recipients exist,
 * which are agents). A principal is never deleted, renamed or given another kind, so a name once
 * found keeps its kind on every hub: only names not yet known are read. A name not found is not
 * remembered, since a token issued later creates it. One per hub, shared by the services that
 * check names (parcels, approvals, reviews, collaborators).
 */
export class PrincipalKinds {
  private readonly remembered = new Map<string, PrincipalKind>();

  constructor(private readonly models: Models) {}

  /** The kinds of those of `names` that exist (lower-case names). */
  async of(names: string[]): Promise<Map<string, PrincipalKind>> {
    const unknown = names.filter((n) => !this.remembered.has(n));
    if (unknown.length) {
      const found = await this.models.principals.find({ name: { $in: unknown } }, { name: 1, kind: 1 }).lean();
      if (this.remembered.size + found.length > MAX_KNOWN) this.remembered.clear();
      for (const p of found) this.remembered.set(p.name, p.kind);
    }
    const kinds = new Map<string, PrincipalKind>();
    for (const n of names) {
      const kind = this.remembered.get(n);
      if (kind) kinds.set(n, kind);
    }
    return kinds;
  }

  /** The kinds of `names`, refusing (`not_found`) when any is nobody's; `tail` ends the sentence. */
  async known(names: string[], tail = '.'): Promise<Map<string, PrincipalKind>> {
    const kinds = await this.of(names);
    const unknown = names.filter((n) => !kinds.has(n));
    if (unknown.length) throw new HubError('not_found', `Nobody is called ${unknown.map((n) => `@${n}`).join(', ')}${tail}`);
    return kinds;
  }
}
