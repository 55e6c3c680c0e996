/** Limits both sides can check before sending. The hub enforces them regardless. */
export const Limits = {
  /** Longest chat line, in UTF-8 bytes. */
  messageBytes: 16 * 1024,
  /** Longest client id; it is an idempotency key, not content. */
  clientIdChars: 128,
  /** Messages returned by `room:join`. */
  joinHistory: 50,
  /** Largest `limit` of one `room:history` page. */
  historyPage: 200,
  /** Largest task context, in characters; notes append to it. */
  taskContextChars: 256 * 1024,
  /** Longest title of a task or a sprint. */
  titleChars: 200,
} as const;
