// @ts-check
/**
 * "Copy as curl": the command that repeats a call of this page, with every secret
 * replaced by a placeholder. Pure, unit-tested in test/ui/curl.test.ts.
 */

/**
 * @typedef {object} CurlRequest
 * @property {string} url absolute URL of the call
 * @property {unknown} body the JSON body as the page sends it
 * @property {readonly string[]} secretPaths dotted paths of secret fields in the body
 * @property {boolean} withToken whether an `Authorization` header is needed
 */

/** @param {string} text */
function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A copy of the body in which every non-empty secret reads `<path>`, so the command
 * shows where the secret goes without carrying it.
 * @param {unknown} body
 * @param {readonly string[]} secretPaths
 * @returns {unknown}
 */
export function redactBody(body, secretPaths) {
  const copy = JSON.parse(JSON.stringify(body ?? null));
  for (const path of secretPaths) {
    const keys = path.split('.');
    const last = /** @type {string} */ (keys.pop());
    let node = copy;
    for (const key of keys) node = isObject(node) ? node[key] : undefined;
    if (isObject(node) && typeof node[last] === 'string' && node[last] !== '') {
      node[last] = `<${path}>`;
    }
  }
  return copy;
}

/**
 * @param {CurlRequest} request
 * @returns {string} a POSIX shell command
 */
export function curlCommand({ url, body, secretPaths, withToken }) {
  const json = JSON.stringify(redactBody(body, secretPaths), null, 2);
  const lines = [
    `curl -sS -X POST ${shellQuote(url)}`,
    `  -H 'Content-Type: application/json'`,
    ...(withToken ? [`  -H 'Authorization: Bearer <api-token>'`] : []),
    `  --data-raw ${shellQuote(json)}`,
  ];
  return lines.join(' \\\n');
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
