// Examples that spread, in headless Chromium: a unit reports that it adopted an example
// ("Vi har infört detta"), an organiser approves it, and it shows on the example page, in the
// count on search hits, first in the "Mest spridda" sort and in the feed; a unit confirms its
// example due for review, and it leaves the organisers' list. axe-core (WCAG 2.1 A/AA) checks
// each new page on the way at 1280 and 375 px.
// Usage: node spread.mjs BASE_URL EXAMPLE_ID DUE_LINK DUE_ID
// (organiser in GODA_ORGANISER / GODA_PASSWORD). Prints "spread: N checks, 0 problems".
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [base, exampleId, dueLink, dueId] = process.argv.slice(2);
const viewports = [
  { name: "1280", width: 1280, height: 900 },
  { name: "375", width: 375, height: 812 },
];
const problems = [];
let checks = 0;
let step = "start";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function axe(page, where) {
  step = where;
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of result.violations) {
    const targets = v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | ");
    problems.push(`${where}: axe ${v.id} (${v.impact}): ${v.help} — ${targets}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) problems.push(`${where}: the page scrolls sideways by ${overflow}px`);
  checks += 1;
}

function expect(condition, message) {
  if (!condition) problems.push(message);
}

async function login(page) {
  await page.goto(base + "/login?next=/admin", { waitUntil: "load" });
  await page.fill("#name", process.env.GODA_ORGANISER);
  await page.fill("#password", process.env.GODA_PASSWORD);
  await Promise.all([page.waitForURL(/\/admin$/), page.click("form.submission button[type=submit]")]);
}

try {
  const unit = "Biblioteket i Vällingby";
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const at = (what) => `${what} @ ${viewport.name}`;
    const name = `${unit} ${viewport.name}`;

    // The unit finds the button on the example page and sends an incomplete report first.
    await page.goto(`${base}/exempel/${exampleId}`, { waitUntil: "load" });
    await Promise.all([page.waitForURL(/\/infort$/), page.click("text=Vi har infört detta")]);
    await axe(page, at("the report form"));
    await page.fill("#unit", name);
    await page.fill("#since", "2099-01");
    await Promise.all([page.waitForLoadState("load"), page.click("form button[type=submit]")]);
    expect(/ligger i framtiden/.test(await page.content()), at("a month in the future was not refused"));
    expect((await page.inputValue("#unit")) === name, at("the typed unit was lost"));
    await axe(page, at("the report form with errors"));
    await page.fill("#organisation", "Kulturförvaltningen");
    await page.selectOption("#area", "kultur-fritid");
    await page.fill("#since", "2026-09");
    await page.check("#stage-1");
    await page.fill("#text", "Vi lånade upplägget och lade till en kväll i månaden för vuxna.");
    await Promise.all([page.waitForURL(/\/infort\/\d+\?nyckel=/), page.click("form button[type=submit]")]);
    expect(/Väntar på granskning/.test(await page.content()), at("the private page does not say the report waits"));
    await axe(page, at("the unit's page of its report"));

    // An organiser approves it.
    const admin = await context.newPage();
    await login(admin);
    await admin.goto(base + "/admin/spridning", { waitUntil: "load" });
    await axe(admin, at("the organisers' reports"));
    const item = admin.locator("ul.report-queue > li", { hasText: name });
    await Promise.all([admin.waitForURL(/klart=published/), item.locator("button[value=published]").click()]);
    await admin.close();

    // It shows on the example page, on search hits, in the sort and in the feed.
    await page.goto(`${base}/exempel/${exampleId}`, { waitUntil: "load" });
    expect((await page.locator("#infort-av + ul").textContent()).includes(name), at("the example page does not list the unit"));
    const count = await page.locator(".spread-line .adopted").first().textContent();
    expect(/Infört av \d+ enhet/.test(count || ""), at(`the example page shows no count (${count})`));
    await axe(page, at("the example page with adoptions"));
    await page.goto(`${base}/sok?q=${encodeURIComponent("bokprat")}`, { waitUntil: "load" });
    const hit = page.locator("li.hit", { has: page.locator(`a[href="/exempel/${exampleId}"]`) });
    expect(/Infört av \d+ enhet/.test((await hit.textContent()) || ""), at("the search hit shows no count"));
    await page.goto(`${base}/sok`, { waitUntil: "load" });
    // The script applies the order as soon as it is chosen.
    await Promise.all([page.waitForURL(/sort=spread/), page.selectOption("#sort", "spread")]);
    const firstHits = await page.locator("li.hit h3 a").evaluateAll((as) => as.slice(0, 5).map((a) => a.getAttribute("href")));
    expect(firstHits.includes(`/exempel/${exampleId}`), at(`"Mest spridda" does not rank it near the top: ${firstHits}`));
    await axe(page, at("the search sorted by spread"));
    const feed = await (await page.request.get(`${base}/infort.atom`)).text();
    expect(feed.includes(`${name} har infört`), at("the feed does not carry the adoption"));
    await context.close();
  }

  // The unit confirms its example due for review: it leaves the organisers' list.
  {
    const context = await browser.newContext({ viewport: viewports[1], bypassCSP: true });
    const page = await context.newPage();
    const admin = await context.newPage();
    await login(admin);
    await admin.goto(base + "/admin/oversyn", { waitUntil: "load" });
    expect((await admin.content()).includes(`/admin/exempel/${dueId}`), "the due example is not in the organisers' list");
    await axe(admin, "the organisers' list of examples to review @ 375");
    await page.goto(`${base}/exempel/${dueId}`, { waitUntil: "load" });
    expect(/kan vara inaktuellt/.test(await page.content()), "the due example shows no notice");
    await page.goto(base + dueLink, { waitUntil: "load" });
    await axe(page, "the unit's page of a due example @ 375");
    await Promise.all([page.waitForURL(/bekraftat=1/), page.click("button:has-text(\"Fortfarande aktuellt\")")]);
    expect(/bekräftat som aktuellt/.test(await page.content()), "no confirmation after Fortfarande aktuellt");
    await admin.goto(base + "/admin/oversyn", { waitUntil: "load" });
    expect(!(await admin.content()).includes(`/admin/exempel/${dueId}`), "the confirmed example is still in the list");
        await page.goto(`${base}/exempel/${dueId}`, { waitUntil: "load" });
    expect(!/kan vara inaktuellt/.test(await page.content()), "the confirmed example still shows the notice");

    // The unit updates it; the organisers publish the update after reading it.
    await page.goto(`${base}${dueLink}&uppdatera=1`, { waitUntil: "load" });
    await page.fill("#title", "Nya rutiner för nycklar");
    await Promise.all([page.waitForURL(/uppdaterat=1/), page.click("form.submission button[value=submit]")]);
    await page.goto(`${base}/exempel/${dueId}`, { waitUntil: "load" });
    expect(!(await page.content()).includes("Nya rutiner för nycklar"), "the update showed before review");
    await admin.goto(base + "/admin", { waitUntil: "load" });
    await Promise.all([admin.waitForURL(/uppdatering$/), admin.click(`a[href="/admin/exempel/${dueId}/uppdatering"]`)]);
    await axe(admin, "the organisers' review of an update @ 375");
    await Promise.all([admin.waitForURL(/sparat=1/), admin.click("button[value=publicera]")]);
    await page.goto(`${base}/exempel/${dueId}`, { waitUntil: "load" });
    expect((await page.content()).includes("Nya rutiner för nycklar"), "the published update does not show");
    await context.close();
  }
} catch (e) {
  problems.push(`the flow stopped after ${step}: ${e.message}`);
} finally {
  await browser.close();
}
for (const p of problems) console.log(p);
console.log(`spread: ${checks} checks, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
