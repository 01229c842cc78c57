import express from 'express';
import type { AppServices } from '../app-services';
import { DomainError } from '../errors';
import { languageFromHeader, textOf, type LocalizedText } from '../i18n';
import { rateLimitRetryAfter, takeRateLimit, type RateLimit } from '../rate-limit/rate-limiter';
import { StoredFile } from './stored-file.entity';

export function anonymousUploadLimit(app: AppServices): RateLimit {
  return {
    bucket: 'core.files.anonymous-upload',
    limit: app.config.files.anonymousUploadsPerHour,
    windowMs: 3_600_000,
  };
}

/** An error answer in the request's language (Vietnamese unless `Accept-Language` prefers English). */
function fail(
  req: express.Request,
  res: express.Response,
  status: number,
  code: string,
  message: LocalizedText,
  extra = {},
): void {
  const language = languageFromHeader(req.headers['accept-language']);
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
  res
    .status(status)
    .json({ errors: [{ message: textOf(message, language), extensions: { code, ...extra } }] });
}

/**
 * `POST /files`: the raw bytes of one file as the request body (any Content-Type; the type is read
 * from the content), its name in `X-File-Name` (URI-encoded) or `?name=`. Signed-in users upload
 * freely; anonymous clients (a citizen filing online or sending a supplement) are limited per IP.
 * Answers 201 with the file's id, which GraphQL mutations then reference.
 *
 * `GET /files/<id>?expires=&signature=`: a signed, expiring download link handed out by GraphQL.
 */
export function filesRouter(app: AppServices, authenticate: express.RequestHandler): express.Router {
  const router = express.Router();
  const files = app.files;
  router.post(
    '/files',
    authenticate,
    async (req, res, next) => {
      // Checked before the body is read: an anonymous client over its limit sends nothing more.
      if (req.user) return next();
      const rule = anonymousUploadLimit(app);
      const key = req.ip ?? 'unknown';
      if (await takeRateLimit(app, rule, key)) return next();
      const wait = await rateLimitRetryAfter(app, rule, key);
      res.set('Retry-After', String(Math.max(1, wait)));
      const message = {
        vi: 'Quá nhiều lần tải lên từ địa chỉ này; vui lòng thử lại sau',
        en: 'Too many uploads from this address; try again later',
      };
      fail(req, res, 429, 'TOO_MANY_REQUESTS', message, {
        retryAfterSeconds: Math.max(1, wait),
      });
    },
    express.raw({ type: () => true, limit: files.config.maxBytes }),
    async (req, res, next) => {
      try {
        const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const header = req.get('x-file-name');
        let fileName = typeof req.query.name === 'string' ? req.query.name : null;
        if (header) {
          try {
            fileName = decodeURIComponent(header);
          } catch {
            fileName = header;
          }
        }
        const em = app.orm.em.fork();
        const file = await files.create(em, {
          content,
          fileName,
          uploadedBy: req.user?.subject ?? null,
        });
        await em.flush();
        res.status(201).json({
          id: file.id,
          fileName: file.fileName,
          mimeType: file.mimeType,
          size: file.size,
          sha256: file.sha256,
        });
      } catch (error) {
        if (error instanceof DomainError) {
          const status = error.code === 'FILE_TOO_LARGE' ? 413 : 400;
          const { code, ...details } = error.extensions as Record<string, unknown>;
          fail(req, res, status, String(code), error.text, details);
          return;
        }
        next(error);
      }
    },
  );
  router.get('/files/:id', async (req, res, next) => {
    try {
      const { expires, signature } = req.query;
      if (
        typeof expires !== 'string' ||
        typeof signature !== 'string' ||
        !files.verifyUrl(req.params.id, expires, signature)
      ) {
        fail(req, res, 403, 'FORBIDDEN', {
          vi: 'Liên kết tải xuống không hợp lệ hoặc đã hết hạn',
          en: 'The download link is invalid or has expired',
        });
        return;
      }
      const file = await app.orm.em.fork().findOne(StoredFile, { id: req.params.id });
      if (!file) {
        fail(req, res, 404, 'NOT_FOUND', { vi: 'Không có tệp này', en: 'No such file' });
        return;
      }
      const content = await files.content(file);
      res.set({
        'Content-Type': file.mimeType,
        'Content-Length': String(content.length),
        'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'Cache-Control': 'private, max-age=60',
        'X-Content-Type-Options': 'nosniff',
        ETag: `"${file.sha256}"`,
      });
      res.end(content);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
