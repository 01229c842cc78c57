import type { NextFunction, Request, Response } from 'express';
import { asyncContextState, runInAsyncContext } from './async-context';

/**
 * The languages of the API's messages. The people who read them are Vietnamese officials and
 * citizens: Vietnamese unless the request asks for English (`Accept-Language: en`).
 */
export type Language = 'vi' | 'en';

export const DEFAULT_LANGUAGE: Language = 'vi';

declare module './async-context' {
  interface AsyncContextState {
    /** The language of the request being served. */
    language?: Language;
  }
}

/** A message in both languages. */
export interface LocalizedText {
  vi: string;
  en: string;
}

/**
 * The language an `Accept-Language` header prefers among those we speak: the highest-weighted of
 * `vi` and `en` (any region), Vietnamese when it names neither or is absent. `en-US,en;q=0.9` is
 * English; `fr, en;q=0.5` is English; `vi;q=0.9, en;q=0.8` is Vietnamese; `*` is Vietnamese.
 */
export function languageFromHeader(header: string | undefined | null): Language {
  if (!header) return DEFAULT_LANGUAGE;
  let best: { language: Language; weight: number } | null = null;
  for (const part of header.slice(0, 500).split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'vi' && primary !== 'en') continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (!Number.isFinite(weight) || weight <= 0) continue;
    if (!best || weight > best.weight) best = { language: primary, weight };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

/** The language of the request being served (Vietnamese outside a request: jobs, the CLI). */
export function currentLanguage(): Language {
  return asyncContextState().language ?? DEFAULT_LANGUAGE;
}

/** Runs `work` as if serving a request in `language` (tests, jobs that answer a person). */
export function inLanguage<T>(language: Language, work: () => T): T {
  return runInAsyncContext({ language }, work);
}

/** The text in the request's language; a plain string is the same in both. */
export function textOf(text: string | LocalizedText, language: Language = currentLanguage()): string {
  return typeof text === 'string' ? text : text[language];
}

/**
 * Express middleware: everything that serves this request (resolvers, the error formatter) sees
 * its language. The answer says which it used (`Content-Language`) and that it depends on the header.
 */
export function requestLanguageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const language = languageFromHeader(req.headers['accept-language']);
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
  runInAsyncContext({ language }, next);
}
