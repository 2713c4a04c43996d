/** Replaces every configured secret in a line of output with `[redacted]`. */
export type SecretRedactor = (line: string) => string

/** Shorter values are not looked for: they would blank out ordinary words (and are no secret worth the name). */
const MIN_SECRET_LENGTH = 4

/**
 * A redactor for the secrets of a configuration (write keys, the admin token, the HubSpot token, the Slack webhook
 * URL): every line the service prints goes through it, so that an error that quotes a secret — a URL in a failed
 * call, a header in a stack — never writes it to a log.
 */
export function createSecretRedactor(secrets: readonly (string | undefined)[]): SecretRedactor {
  const wanted = [...new Set(secrets)]
    .filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH)
    // Longest first, so that a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length)
  if (wanted.length === 0) return (line) => line
  return (line) => {
    let out = line
    for (const secret of wanted) if (out.includes(secret)) out = out.split(secret).join('[redacted]')
    return out
  }
}
