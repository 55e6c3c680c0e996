/** Wire protocol version. Clients send it in the handshake (`auth.protocol`); bump it on any
 * breaking change to events or payloads so old peers get an explicit error, not garbage. */
export const PROTOCOL_VERSION = 1;
