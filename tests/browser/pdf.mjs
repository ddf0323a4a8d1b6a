// Prints a page to PDF the way a visitor's "Skriv ut" would: print media, the page's own
// @page size (A4), no background graphics.
// Usage: node pdf.mjs URL OUT.pdf
import { chromium } from "playwright-core";

const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: out, preferCSSPageSize: true, printBackground: false });
} finally {
  await browser.close();
}
