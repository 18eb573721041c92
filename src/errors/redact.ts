/**
 * Removes every occurrence of the given secrets from text that came from elsewhere (a
 * server's error message, a driver's exception), for the rare source that quotes back
 * what it was sent. Short secrets are skipped: blanking every "a" would ruin the text
 * and protect nothing.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    clean = clean.split(secret).join('[redacted]');
  }
  return clean;
}
