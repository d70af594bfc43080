// The ops token lives in sessionStorage for this tab only and leaves the page only in an
// Authorization header (and the stream's subprotocol): never in a URL, never in persistent storage.
const KEY = "ops-token";

export const getToken = () => sessionStorage.getItem(KEY);
export const setToken = (/** @type {string} */ token) => sessionStorage.setItem(KEY, token);
export const clearToken = () => sessionStorage.removeItem(KEY);

/**
 * Checks a token against an ops-only endpoint before keeping it.
 * @param {string} token
 * @returns {Promise<string | null>} null when the token is an ops token, else why not
 */
export async function checkToken(token) {
  let res;
  try {
    res = await fetch("/v1/escalations", { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    return "The server did not answer; try again.";
  }
  if (res.ok) return null;
  if (res.status === 401) return "That token was not recognised.";
  if (res.status === 403) return "That token is not an operations token.";
  return `Sign-in failed (HTTP ${res.status}).`;
}
