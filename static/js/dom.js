// Small DOM helpers: find an element, format numbers, and build elements
// whose text is always set as text, never parsed as markup.

/** el returns the element with the given id. */
export const el = (id) => document.getElementById(id);

/** fmt formats a count the British way, or a dash when there is none. */
export const fmt = (n) => (n == null ? "–" : Math.round(n).toLocaleString("en-GB"));

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

/** joinWith puts sep between the items of a list, for h's children. */
export function joinWith(items, sep) {
  return items.flatMap((x, i) => (i ? [sep(), x] : [x]));
}
