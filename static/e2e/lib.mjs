// Shared set-up of the browser tests: Debian's Chromium, headless, with
// nothing reaching out to the network.
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export const ok = (m) => console.log("ok   " + m);

// page opens a 1400×900 page that records script errors in errors.
export async function page(browser, errors, opts = {}) {
  const p = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...opts });
  p.on("pageerror", (e) => errors.push(e.message));
  return p;
}
