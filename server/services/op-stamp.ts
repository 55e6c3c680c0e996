/**
 * One command sent with a client id, as its writes see it. A resend after a crash runs the
 * handler again under the same stamp; writes carrying `next(kind)` (a task change, an activity
 * line, a parcel) find they were already made and are not made twice. The n-th stamp of a kind
 * is the same on every run of the command, because a handler repeats its writes in order.
 */
export class OpStamp {
  private readonly counts = new Map<string, number>();

  /**
   * `id`: derived from (sender, client id). `resend`: an earlier run of this command may have
   * written some of its effects (the hub stopped before answering), so writes check first.
   */
  constructor(
    readonly id: string,
    readonly resend: boolean,
  ) {}

  next(kind: string): string {
    const n = this.counts.get(kind) ?? 0;
    this.counts.set(kind, n + 1);
    return `${this.id}/${kind}/${n}`;
  }
}
