import { BadInputError } from '../../../src';
import { CameraStreamProtocol } from '../entities/enums';

const ASSET_TAG = /^[A-Z0-9][A-Z0-9._-]{1,63}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]+\]?$/;

/** Problems are reported per field; the import turns them into per-row errors. */
export class FieldProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function toBadInput(problem: unknown): unknown {
  return problem instanceof FieldProblem
    ? new BadInputError(problem.message, { field: problem.field })
    : problem;
}

export function normaliseAssetTag(raw: string, field = 'assetTag'): string {
  const tag = raw.trim().toUpperCase();
  if (!ASSET_TAG.test(tag))
    throw new FieldProblem(
      field,
      'An asset tag has 2 to 64 letters, digits, dots, dashes or underscores, e.g. QN-HL-CAM-001',
    );
  return tag;
}

/** A calendar day as YYYY-MM-DD; also accepts the Vietnamese DD/MM/YYYY of spreadsheets. */
export function normaliseDay(raw: string | null | undefined, field: string): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const text = raw.trim();
  let y: number, m: number, d: number;
  const iso = DAY.exec(text);
  const vn = VN_DAY.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [y, m, d] = [Number(vn[3]), Number(vn[2]), Number(vn[1])];
  else throw new FieldProblem(field, `${field} must be a date YYYY-MM-DD (or DD/MM/YYYY)`);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    throw new FieldProblem(field, `${field}: ${text} is not a day of the calendar`);
  return date.toISOString().slice(0, 10);
}

export function normaliseHost(
  host: string | null | undefined,
  port: number | null | undefined,
): { host: string | null; port: number | null } {
  const h = host?.trim() || null;
  const p = port ?? null;
  if (h === null && p === null) return { host: null, port: null };
  if (h === null || p === null)
    throw new FieldProblem(h === null ? 'host' : 'port', 'A networked device needs both host and port');
  if (!HOSTNAME.test(h) && !(h.includes(':') && IPV6.test(h)))
    throw new FieldProblem('host', `"${h.slice(0, 80)}" is not a host name or IP address`);
  if (!Number.isInteger(p) || p < 1 || p > 65535)
    throw new FieldProblem('port', 'port must be a whole number from 1 to 65535');
  return { host: h, port: p };
}

const SCHEMES: Record<CameraStreamProtocol, string[]> = {
  [CameraStreamProtocol.RTSP]: ['rtsp:', 'rtsps:'],
  [CameraStreamProtocol.ONVIF]: ['http:', 'https:'],
  [CameraStreamProtocol.HLS]: ['http:', 'https:'],
};

/**
 * Names under which cameras take a login in the path, the query or the fragment of a URL, compared
 * without case: `/user=admin&password=…&channel=1` (XMEye), `?u=admin&p=…`, `?loginuse=…&loginpas=…`
 * (cheap P2P cameras), `?PWD=…`, `?token=…` (signed HLS links).
 */
const CREDENTIAL_NAMES = new Set([
  'u',
  'p',
  'pw',
  'pwd',
  'psw',
  'pass',
  'passwd',
  'password',
  'user',
  'usr',
  'username',
  'userid',
  'uid',
  'login',
  'loginuse',
  'loginuser',
  'loginpas',
  'loginpass',
  'loginpassword',
  'account',
  'token',
  'access_token',
  'auth',
  'authorization',
  'apikey',
  'api_key',
  'key',
  'secret',
]);

/** The `name=value` parts of a URL's path, query and fragment whose name carries a login. */
function credentialParts(url: URL): string[] {
  const rest = decodeURIComponentSafe(`${url.pathname}${url.search}${url.hash}`);
  return rest.split(/[/?&;#]/).filter((part) => {
    const eq = part.indexOf('=');
    return eq > 0 && CREDENTIAL_NAMES.has(part.slice(0, eq).trim().toLowerCase());
  });
}

/** Whether a URL carries credentials in any part: before the host, or as a parameter. */
export function urlHasCredentials(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return Boolean(url.username || url.password || credentialParts(url).length);
}

/**
 * A stored stream URL as it may be shown: one saved before the check named all the parameters above
 * is shown without its login (the values replaced by `***`), never as stored.
 */
export function shownStreamUrl(raw: string | null): string | null {
  if (!raw || !urlHasCredentials(raw)) return raw;
  const url = new URL(raw);
  url.username = '';
  url.password = '';
  const rest = decodeURIComponentSafe(`${url.pathname}${url.search}${url.hash}`).replace(
    /([/?&;#])([^/?&;#=]+)=([^/?&;#]*)/g,
    (whole, sep: string, name: string) =>
      CREDENTIAL_NAMES.has(name.trim().toLowerCase()) ? `${sep}${name}=***` : whole,
  );
  return `${url.protocol}//${url.host}${rest}`;
}

/**
 * A stream endpoint without credentials. A URL carrying a user or password (before the host, or as
 * a parameter of its path, query or fragment) is refused (and never echoed back): credentials go
 * through setCameraCredentials and are stored encrypted.
 */
export function normaliseStreamUrl(protocol: CameraStreamProtocol, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FieldProblem('streamUrl', 'streamUrl is not a URL');
  }
  if (url.username || url.password || credentialParts(url).length) {
    throw new FieldProblem(
      'streamUrl',
      'streamUrl must not contain credentials; set them with setCameraCredentials, which stores them encrypted',
    );
  }
  if (!SCHEMES[protocol].includes(url.protocol))
    throw new FieldProblem(
      'streamUrl',
      `A ${protocol} stream URL starts with ${SCHEMES[protocol].map((s) => `${s}//`).join(' or ')}`,
    );
  if (!url.hostname) throw new FieldProblem('streamUrl', 'streamUrl has no host');
  return url.toString();
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function optionalText(value: string | null | undefined, max = 500): string | null {
  const text = value?.trim();
  return text ? text.slice(0, max) : null;
}
