import express, { type Router } from 'express';
import {
  BadInputError,
  DomainError,
  RequestContext,
  TooManyRequestsError,
  type PluginRuntimeContext,
} from '../../../src';
import { catalogue } from '../services/catalogue.service';
import { LOOKUP_FAILED, lookups } from '../services/lookup.service';
import type { ProceduresOptions } from '../options';
import { lookupPage, notFoundPage, procedurePage } from './pages';

function send(res: express.Response, status: number, html: string, cache: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': cache,
      'X-Content-Type-Options': 'nosniff',
    })
    .send(html);
}

/**
 * The public pages: `/thu-tuc/<code>` (where the catalogue's QR codes lead) and `/tra-cuu-ho-so`
 * (the lookup form; the second factor travels in a POST body, never in a URL). Anonymous: they read
 * only what the public GraphQL fields give, through the same services and the same rate limits.
 */
export function publicPages(router: Router, runtime: PluginRuntimeContext<ProceduresOptions>): void {
  const { app } = runtime;
  const context = (req: express.Request) =>
    new RequestContext(app, app.orm.em.fork(), null, { requestId: req.requestId, ip: req.ip });

  router.get('/thu-tuc/:code', async (req, res, next) => {
    try {
      const ctx = context(req);
      const procedure = await catalogue.byCode(ctx, String(req.params.code));
      if (!procedure) {
        send(res, 404, notFoundPage('Không có thủ tục hành chính với mã này.'), 'no-store');
        return;
      }
      const inEffect = await catalogue.versionInEffect(ctx, procedure.id);
      const version = inEffect ?? (await catalogue.latestVersion(ctx, procedure));
      const html = procedurePage(version, {
        qrPng: await catalogue.qrPng(ctx, procedure),
        inEffect: !!inEffect,
      });
      send(res, 200, html, 'public, max-age=300');
    } catch (error) {
      next(error);
    }
  });

  router.get('/tra-cuu-ho-so', (req, res) => {
    const code = typeof req.query.ma === 'string' ? req.query.ma.slice(0, 64) : '';
    send(res, 200, lookupPage({ code }), 'no-store');
  });

  router.post(
    '/tra-cuu-ho-so',
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
    async (req, res, next) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const code = typeof body.ma === 'string' ? body.ma.trim().slice(0, 64) : '';
      const secret = typeof body.xac_thuc === 'string' ? body.xac_thuc.trim().slice(0, 32) : '';
      if (!code || !secret) {
        send(res, 400, lookupPage({ code, error: 'Nhập mã hồ sơ và mã tra cứu.' }), 'no-store');
        return;
      }
      try {
        const view = await lookups.lookup(context(req), { code, secret });
        send(res, 200, lookupPage({ code, view }), 'no-store');
      } catch (error) {
        // The lookup answers an unknown code and a wrong factor with the same NOT_FOUND.
        if (error instanceof DomainError && error.code === 'NOT_FOUND') {
          send(res, 404, lookupPage({ code, error: LOOKUP_FAILED }), 'no-store');
          return;
        }
        if (error instanceof TooManyRequestsError) {
          const wait = Number(error.extensions.retryAfterSeconds) || 60;
          res.set('Retry-After', String(wait));
          send(
            res,
            429,
            lookupPage({
              code,
              error: `Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút (${wait} giây).`,
            }),
            'no-store',
          );
          return;
        }
        if (error instanceof BadInputError) {
          send(res, 400, lookupPage({ code, error: error.message }), 'no-store');
          return;
        }
        next(error);
      }
    },
  );
}
