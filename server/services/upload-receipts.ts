/**
 * Bytes a principal is linking right after streaming them to this hub (POST /api/artifacts):
 * having sent the bytes proves it may link them, even when they are already stored for a task
 * it may not read. Held only while the link is being made.
 */
export class UploadReceipts {
  private readonly open = new Map<string, number>();

  async during<T>(name: string, sha256: string, work: () => Promise<T>): Promise<T> {
    const key = `${name}\u0000${sha256}`;
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    }
  }

  has(name: string, sha256: string): boolean {
    return this.open.has(`${name}\u0000${sha256}`);
  }
}
