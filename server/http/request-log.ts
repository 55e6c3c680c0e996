import { randomUUID } from 'node:crypto';
import { HttpRoutes } from '../../protocol/index.js';
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import { log, requestContext } from '../logger.js';

const CALLER_ID = /^[\w.:-]{1,64}$/;
/** Polled often; logged only at debug so they do not drown the rest. */
const QUIET = new Set<string>([HttpRoutes.health, HttpRoutes.metrics]);

/**
 * Gives each HTTP request an id (the caller's `X-Request-Id` when it is a plain token, else a new
 * one), answers it in `X-Request-Id`, carries it to every line the request causes, and logs one
 * line when the response ends. The path is logged without its query, which may hold a link signature.
 */
export function requestLog() {
  return (req: Request, res: Response, next: NextFunction) => {
    const sent = req.get('x-request-id');
    const requestId = sent && CALLER_ID.test(sent) ? sent : randomUUID();
    res.set('X-Request-Id', requestId);
    const started = performance.now();
    // Read now: routers mounted on a prefix rewrite the request's path while they run.
    const path = req.originalUrl.split('?')[0]!;
    res.on('finish', () => {
      const line = { event: 'http', requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), principal: req.principal?.name };
      if (QUIET.has(path)) log.debug(line);
      else log.info(line);
    });
    requestContext.run({ requestId }, () => next());
  };
}
