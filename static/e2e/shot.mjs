// Takes a screenshot of a page: node shot.mjs URL OUT.png
import { launch } from "./lib.mjs";
const [url, out] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on("console", (m) => { if (!m.text().includes("GL Driver")) console.log("console:", m.text()); });
page.on("pageerror", (e) => console.log("pageerror:", e.message));
page.on("requestfailed", (r) => console.log("failed:", r.url()));
const t = Date.now();
await page.goto(url);
await page.waitForSelector("body[data-ready]", { timeout: 30000 });
console.log("ready in", Date.now() - t, "ms", await page.evaluate(() => document.body.dataset.ready + " " + document.getElementById("banner").textContent));
await page.waitForTimeout(500);
await page.screenshot({ path: out });
await browser.close();
