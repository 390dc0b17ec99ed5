/**
 * Secret redaction for model transport errors. Servers and proxies sometimes echo the request's
 * `Authorization` / `api-key` header (or the key itself) in an error body; such text must never
 * reach an error message, a span or a log. The transports register the keys they send, so a key
 * is removed even where no header name precedes it.
 */

/** What replaces a secret. */
export const REDACTED = '[redacted]';

const secrets = new Set<string>();
let lastRegistered: string | undefined;

/** Header names whose values are credentials, in any case. */
const SECRET_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|openai-api-key|cookie|set-cookie)$/i;

// `authorization: Bearer x`, `"api-key":"x"`, `api-key=x`: the name, its separator, then the value.
const HEADER_VALUE = /((?:proxy-)?authorization|(?:x-|openai-)?api[-_]key)(["']?\s*[:=]\s*["']?)(?:(bearer|basic)\s+)?[^\s"',;}\]]+/gi;
// A bare bearer token, and OpenAI-style keys (`sk-...`), wherever they appear.
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const OPENAI_KEY = /\bsk-[A-Za-z0-9_-]{16,}/g;

/** @internal Remember `key` as a secret to remove from error text (called by the transports; cheap when repeated). */
export function registerSecret(key: string | undefined): void {
  if (key === undefined || key === lastRegistered) return;
  lastRegistered = key;
  // Very short values would redact ordinary words; such a key is not a real credential anyway.
  if (key.length >= 6) secrets.add(key);
}

/** `text` without credential header values, bearer tokens, OpenAI-style keys or any registered key. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out
    .replace(HEADER_VALUE, (_match, name: string, separator: string, scheme: string | undefined) => `${name}${separator}${scheme ? `${scheme} ` : ''}${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(OPENAI_KEY, REDACTED);
}

/** Response headers as a plain record, credential headers' values replaced and every value redacted. */
export function redactHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name] = SECRET_HEADER.test(name) ? REDACTED : redactSecrets(text);
  }
  return out;
}
