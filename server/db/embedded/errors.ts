/** A problem starting the embedded database, worded as one sentence for the person starting the hub. */
export class EmbeddedDatabaseError extends Error {}
