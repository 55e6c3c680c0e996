import type { Hooks } from '../hooks.js';
import type { Services } from '../services/index.js';

/**
 * Every socket hears its principal's inbox (the socket server puts it in `agent:<name>`) and is
 * sent what is still queued there when it connects, oldest first. A parcel stays queued until a
 * client acknowledges it (`parcel:ack`), so one sent while nobody listened, or lost with a
 * connection, comes again on the next one.
 */
export function wireParcelDelivery(services: Services, hooks: Hooks): void {
  hooks.on('socket:connected', async ({ principal, socket }) => {
    if (socket.disconnected) return;
    for (const parcel of await services.inbox.queued(principal.name)) socket.emit('parcel:new', { parcel });
  });
}
