import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `A-7KQ2ZD`: short enough to type, random enough that a retry on a duplicate key is rare. */
export const shortId = (prefix: string) => `${prefix}-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
