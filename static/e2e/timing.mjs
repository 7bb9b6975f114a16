// Prints how long the page takes to first render: node timing.mjs URL
import { chromium } from "playwright-core";
const [url] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const t = Date.now();
await page.goto(url);
await page.waitForSelector("body[data-ready]", { timeout: 30000 });
const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join(", "));
console.log(`ready ${Date.now() - t} ms: ${marks}`);
await browser.close();
