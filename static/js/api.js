// The JSON API of the server, with the plan's edit token on every change.
import { state } from "./state.js";

// authorised returns the headers of a request, with the edit token if any.
function authorised(method, headers) {
  if (state.token && method !== "GET") headers.Authorization = `Bearer ${state.token}`;
  return headers;
}

/**
 * api calls the JSON API and returns the decoded answer; a failure throws
 * an Error with the server's message, and status and body.
 */
export async function api(method, path, body) {
  const headers = authorised(method, { "Content-Type": "application/json" });
  const r = await fetch(path, { method, headers, body: body == null ? undefined : JSON.stringify(body) });
  const data = r.status === 204 ? null : await r.json();
  if (!r.ok) {
    const err = new Error(data && data.error ? data.error : r.statusText);
    err.status = r.status;
    err.body = data;
    throw err;
  }
  return data;
}

/** upload POSTs a file as the body and returns {ok, body}. */
export async function upload(path, file) {
  const r = await fetch(path, { method: "POST", headers: authorised("POST", {}), body: file });
  return { ok: r.ok, body: await r.json() };
}
