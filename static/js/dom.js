// Small DOM helpers: find an element, format numbers, and build elements
// whose text is always set as text, never parsed as markup, with user text
// isolated so that its direction cannot reorder the text around it.

/** el returns the element with the given id. */
export const el = (id) => document.getElementById(id);

// One formatter for every count: toLocaleString builds a new one each
// call, which costs more than the rest of a refresh.
const COUNT = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/** fmt formats a count the British way, or a dash when there is none. */
export const fmt = (n) => (n == null ? "–" : COUNT.format(Math.round(n)));

/** pct formats a share in 0..1 as a whole percentage, or a dash. */
export const pct = (x) => (x == null ? "–" : `${(100 * x).toFixed(0)}%`);

/** fixed formats a number with d decimals, or a dash. */
export const fixed = (x, d) => (x == null ? "–" : x.toFixed(d));

// setProp sets one entry of h's props on an element.
function setProp(e, k, v) {
  if (k === "class") e.className = v;
  else if (k === "style") Object.assign(e.style, v); // CSSOM, not a style attribute
  else if (k === "dataset") Object.assign(e.dataset, v);
  else if (k === "on") for (const [type, fn] of Object.entries(v)) e.addEventListener(type, fn);
  else e.setAttribute(k, v === true ? "" : String(v));
}

/**
 * h builds an element: h("td", {class: "n"}, "text", child, …). Props are
 * attributes, except class, style (an object), dataset (an object) and on
 * (event type -> listener); null and false props are left out. Children
 * are nodes or strings, which become text nodes; arrays are flattened and
 * null, false and "" are skipped.
 */
export function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) if (v != null && v !== false) setProp(e, k, v);
  e.append(...nodes(children));
  return e;
}

/** nodes flattens children for append: nodes stay, the rest become text. */
function nodes(children) {
  return [children].flat(Infinity).filter((c) => c != null && c !== false && c !== "").map((c) => (c instanceof Node ? c : String(c)));
}

/** fill replaces an element's children, as h takes them. */
export function fill(e, ...children) {
  e.replaceChildren(...nodes(children));
  return e;
}

/**
 * isolate wraps user text in a first-strong isolate (U+2068 … U+2069) for
 * strings such as tooltips: right-to-left or override characters in it
 * then cannot reorder the text around it.
 */
export const isolate = (s) => `\u2068${s}\u2069`;

/** bdi is user text, or children as h takes them, in a <bdi>: isolated from the text around it. */
export const bdi = (...c) => h("bdi", null, ...c);

/**
 * withNames splits a message from the server at each name it quotes
 * (longest first) and puts each in a <bdi>, so that a name holding
 * right-to-left or override characters cannot reorder the rest of the
 * message; the result is children for h.
 */
export function withNames(text, names) {
  const ns = [...new Set(names)].filter((n) => n && text.includes(n)).sort((a, b) => b.length - a.length);
  if (!ns.length) return [text];
  const out = [];
  let plain = 0;
  for (let i = 0; i < text.length;) {
    const n = ns.find((x) => text.startsWith(x, i));
    if (!n) { i++; continue; }
    if (plain < i) out.push(text.slice(plain, i));
    out.push(bdi(n));
    i += n.length;
    plain = i;
  }
  if (plain < text.length) out.push(text.slice(plain));
  return out;
}

/** joinWith puts sep between the items of a list, for h's children. */
export function joinWith(items, sep) {
  return items.flatMap((x, i) => (i ? [sep(), x] : [x]));
}

/**
 * shortName is a footprint's name for tight spaces (map labels, chart
 * rows): without a leading "Place: " when every footprint has that same
 * prefix, and without a baseline's ", from … PCN" mark. The list shows
 * the name in full.
 */
export function shortName(name, all) {
  let out = name;
  const m = /^([^:]{1,40}): /.exec(name);
  if (m && all.every((n) => n.startsWith(m[0]))) out = out.slice(m[0].length);
  return out.replace(/, from .*$/, "");
}
