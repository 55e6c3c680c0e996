import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

/** Where `vite build` puts the web client: dist/web, next to this file's compiled dist/server/http. */
export const WEB_CLIENT_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * The browser app at `/`: its built files, and index.html for its own routes (`/dashboard`,
 * `/analytics`, `/r/<room>`), so a reload lands where it was. Other paths stay 404s. Hashed assets are cached
 * for good; index.html never, so a new build is picked up at once.
 */
export function webClientRoutes(dir = WEB_CLIENT_DIR): express.Router {
  const router = express.Router();
  const index = join(dir, 'index.html');
  router.use(
    express.static(dir, {
      index: false,
      setHeaders(res, path) {
        res.set('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get(['/', '/dashboard', '/analytics', '/r/*room'], (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web client is not built: run `npm start` (or `node scripts/ensure.mjs`) to build it.');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
