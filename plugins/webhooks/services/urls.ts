/**
 * Whether an endpoint address is well formed: https only, no user name or password in it, no
 * fragment, at most 2,000 characters; http:// only when the deployment allows private targets
 * (development and tests). Returns the reason it is refused, or null. Where it points is checked
 * apart (targets.ts), as it needs the name resolved.
 */
export function urlProblem(raw: string, allowPrivateTargets: boolean): string | null {
  if (raw.length > 2000) return 'url is longer than 2000 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url is not an absolute address';
  }
  if (url.username || url.password) return 'url must not carry a user name or password';
  if (url.hash) return 'url must not have a #fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowPrivateTargets) return null;
  return 'url must be https://';
}
