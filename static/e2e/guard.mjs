// Guards for the hostile-input browser test: hostile strings, a page that
// records every alert, confirm, prompt, dialog and Content-Security-Policy
// violation, and an audit of the DOM for markup that user text became.
import { page as pageIn, ready } from "./lib.mjs";

/** CSP is the policy the server is expected to send on every response. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** HOSTILE are names that would run script, or mislead, if parsed or shown carelessly. */
export const HOSTILE = [
  `x" onmouseover="alert(1)`,
  `<img src=x onerror=alert(1)>`,
  `</script><script>alert(1)</script>`,
  `javascript:alert(1)`,
  `'><svg onload=alert(1)>`,
  `{{constructor.constructor('alert(1)')()}}`,
  "€".repeat(200),
  "RLO \u202Egnp.exe\u202C end", // right-to-left override, closed
  "\u202Eunclosed right-to-left override", // right-to-left override left open
  "\u2067isolate \u05e9\u05dc\u05d5\u05dd \u202B<b>bold</b>", // RLI, Hebrew, RLE left open
  `"><iframe srcdoc="<script>alert(1)</script>">`,
  "${alert(1)} &lt;b&gt; &amp; &#x3C;i&#x3E;",
  `<style>*{display:none}</style><a href="javascript:alert(1)">link</a>`,
];

/**
 * ids makes a footprint id of each hostile string: the same payloads, one
 * place along so that an id shown where a name belongs is noticed, and no
 * longer than the server's limit of 64 characters.
 */
export function ids() {
  return HOSTILE.map((_, i) => [...HOSTILE[(i + 1) % HOSTILE.length]].slice(0, 64).join(""));
}

// recorder runs in the page before any of its scripts.
function recorder() {
  window.__calls = [];
  window.__csp = [];
  for (const k of ["alert", "confirm", "prompt"]) {
    window[k] = (...args) => { window.__calls.push(`${k}(${args.join(",")})`); return null; };
  }
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
}

/**
 * guarded opens url in a page that records calls to alert, confirm and
 * prompt, dialogs and CSP violations. When the server sends no CSP with
 * the page, the expected one is added to it so the page is still tried
 * under the policy (note.injected says so).
 */
export async function guarded(browser, errors, dialogs, note, url) {
  const p = await pageIn(browser, errors);
  await p.addInitScript(recorder);
  p.on("dialog", (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  p.on("console", (m) => { if (m.type() === "error") note.console.push(m.text()); });
  await p.route((u) => u.pathname === "/", async (route) => {
    const r = await route.fetch();
    const headers = r.headers();
    if (!headers["content-security-policy"]) { headers["content-security-policy"] = CSP; note.injected = true; }
    await route.fulfill({ response: r, headers });
  });
  await p.goto(url);
  await ready(p);
  return p;
}

/**
 * cspInForce checks that the page is under a policy that forbids inline
 * script: a script element the page itself adds must not run, and must be
 * reported as a violation (which is then forgotten).
 */
export async function cspInForce(p) {
  const r = await p.evaluate(async () => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.body.appendChild(s);
    s.remove();
    await new Promise((res) => setTimeout(res, 100));
    const seen = window.__csp.splice(0);
    return { ran: !!window.__inlineRan, seen };
  });
  return !r.ran && r.seen.some((v) => v.startsWith("script-src"));
}

/**
 * audit looks through the page for what hostile text would leave behind if
 * it were parsed as markup: event-handler attributes, javascript: URLs,
 * and elements the page never makes itself. It also returns the calls and
 * CSP violations recorded so far.
 */
export function audit(p) {
  return p.evaluate(() => {
    const URL_ATTRS = ["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "background"];
    const bad = [];
    for (const e of document.querySelectorAll("*")) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) bad.push(`<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`);
        if (URL_ATTRS.includes(a.name) && /^\s*javascript:/i.test(a.value)) bad.push(`<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`);
      }
    }
    for (const e of document.querySelectorAll("svg, iframe, object, embed, style, base, form, b, i:not(.fp-bar i), a:not([id^=export-]):not([href^='board.html']), img:not(#cov-map), script:not([src])")) {
      bad.push(`unexpected <${e.tagName.toLowerCase()}> in ${e.parentElement && (e.parentElement.id || e.parentElement.className)}`);
    }
    const scripts = [...document.scripts].map((s) => new URL(s.src).pathname);
    return { bad, scripts, calls: window.__calls, csp: window.__csp };
  });
}
