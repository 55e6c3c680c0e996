import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { HubMetrics } from '../services/metrics.js';

/** Where /metrics is served: behind a token on the hub's port, and/or tokenless on a loopback port of its own. */
export interface MetricsAccess {
  /** `METRICS_TOKEN`: GET /metrics on the hub's port wants `Authorization: Bearer <it>`. Unset: not served there. */
  token?: string | null;
  /** `METRICS_PORT`: a second listener serving only /metrics, without a token (0 picks a free port). */
  port?: number | null;
  /** `METRICS_HOST`, 127.0.0.1 unless set: keep it on loopback or a private network. */
  host?: string;
}

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever was sent.
const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

async function scrape(metrics: HubMetrics, res: Response): Promise<void> {
  res.set('Content-Type', metrics.registry.contentType);
  res.set('Cache-Control', 'no-store');
  res.send(await metrics.registry.metrics());
}

/** GET /metrics on the hub's own port: only with the metrics token, which is no user's token. */
export function metricsRoute(metrics: HubMetrics, token: string | null | undefined) {
  return async (req: Request, res: Response) => {
    if (!token) {
      res.status(404).json({ ok: false, error: { code: 'not_found', message: 'Metrics are off here: set METRICS_TOKEN (then send it as a bearer token) or METRICS_PORT.' } });
      return;
    }
    const sent = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!sent || !sameSecret(sent, token)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).json({ ok: false, error: { code: 'unauthorized', message: 'GET /metrics wants Authorization: Bearer <METRICS_TOKEN>.' } });
      return;
    }
    await scrape(metrics, res);
  };
}

/** The separate listener: /metrics and nothing else. */
export async function startMetricsServer(metrics: HubMetrics, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (_req, res) => void scrape(metrics, res));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Only /metrics is served here.\n');
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
