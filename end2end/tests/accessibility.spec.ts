import { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { AppPage } from "../support/app-page";
import { axeFindings, expectAccessible, Finding } from "../support/axe";

// axe-core judges every page each kind of person can reach, in both languages, against WCAG 2.1
// A and AA. The pages are found by following the app's own links from the home page, so a new
// page is judged as soon as something links to it. Pages and panels only a flow reaches (an
// event, a certificate, a correction or a rejection being written) are judged in the specs of
// those flows, with expectAccessible.

const people = [
  { role: "anonymous", phone: null },
  { role: "member", phone: "0813-2004-1201" },
  { role: "pengurus", phone: "0812-3204-1201" },
  { role: "pengawas", phone: "0812-3204-1203" },
  { role: "dinas", phone: "0811-3204-0001" },
  { role: "ministry", phone: "0811-0000-0001" },
] as const;

/** One page per route: ids and query strings vary, the page does not. */
function route(path: string): string {
  return path
    .split("/")
    .map((segment) => (/\d/.test(segment) && segment.length >= 6 ? ":id" : segment))
    .join("/");
}

/** Waits until the page has drawn what it loads, so axe sees the page a person reads. */
async function settle(app: AppPage) {
  await expect(app.title).toBeVisible();
  await app.page.waitForLoadState("networkidle").catch(() => {});
  await expect(app.page.getByRole("status").filter({ hasText: /^(Memuat|Loading)/ })).toHaveCount(0);
}

async function linksOn(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs
    // App pages only: not the API, and not plain files such as the licence list.
    .filter((href) => href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/api/") && !/\.txt$/.test(href))
    .map((href) => href.split(/[?#]/)[0]);
}

for (const person of people) {
  for (const lang of ["id", "en"] as const) {
    test(`axe finds no WCAG 2.1 A/AA violation and the app never crashes on any page ${person.role} reaches, in ${lang}`, async ({ app }, testInfo) => {
      // The pages are the same whichever database is behind them.
      test.skip(testInfo.project.metadata.backend === "postgres", "judged once, on SQLite");
      test.setTimeout(300_000);

      if (person.phone) await app.signIn(person.phone);
      else await app.open("/");
      // Bahasa Indonesia is what a new phone shows.
      if (lang === "en") await app.switchLanguage(lang);

      // A panic in the app ends it for good (the module aborts), so the crawl also fails on any
      // uncaught error, on any page.
      const crashes: string[] = [];
      app.page.on("pageerror", (error) => crashes.push(`${app.page.url()}: ${error.message}`));

      const queue = ["/", "/tentang", "/masuk", "/belajar"];
      const seen = new Set(queue.map(route));
      const findings: Finding[] = [];
      const judged: string[] = [];
      while (queue.length > 0 && judged.length < 80) {
        const path = queue.shift()!;
        await app.page.goto(app.baseUrl + path);
        await settle(app);
        await expect(app.page.locator("html")).toHaveAttribute("lang", lang);
        findings.push(...(await axeFindings(app.page, path)));
        judged.push(route(path));
        for (const link of await linksOn(app.page)) {
          if (!seen.has(route(link))) {
            seen.add(route(link));
            queue.push(link);
          }
        }
      }

      testInfo.annotations.push({ type: "pages judged", description: `${judged.length}: ${judged.join(" ")}` });
      expect(findings).toEqual([]);
      expect(crashes).toEqual([]);
      // The crawl must reach past the front door, or it judged nothing worth judging.
      expect(judged.length).toBeGreaterThanOrEqual(person.phone ? 6 : 4);
    });
  }
}

test("axe finds no violation in the sign-in form showing its errors, nor on the API reference", async ({ app }, testInfo) => {
  test.skip(testInfo.project.metadata.backend === "postgres", "judged once, on SQLite");
  for (const lang of ["id", "en"] as const) {
    await app.open("/masuk");
    if (lang === "en") await app.switchLanguage(lang);
    await app.page.getByTestId("submit").click();
    await expect(app.page.getByTestId("error-phone")).toBeVisible();
    await expectAccessible(app.page, `/masuk (errors, ${lang})`);
  }
  await app.page.goto(app.baseUrl + "/api/docs");
  await expect(app.page.locator("h1")).toBeVisible();
  await expectAccessible(app.page, "/api/docs");
});
