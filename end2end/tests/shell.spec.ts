import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "../support/fixtures";

test("the app renders in Bahasa Indonesia by default and reaches its server", async ({ app }) => {
  await app.open();

  await expect(app.page).toHaveTitle("Si Kopdes");
  await expect(app.page.locator("html")).toHaveAttribute("lang", "id");
  await expect(app.homeTitle).toHaveText("Selamat datang di Si Kopdes");
  await expect(app.connectivity).toHaveText("Daring");
  await expect(app.serverStatus).toHaveAttribute("data-state", "ok");
  await expect(app.serverStatus).toHaveText("Server bisa dihubungi.");
  await expect(app.page.locator("#boot")).toHaveCount(0);
});

test("the about page shows what support staff ask for", async ({ app, server }, testInfo) => {
  await app.open();
  await app.navAbout.click();

  await expect(app.page).toHaveURL(`${server.url}/tentang`);
  await expect(app.about("version")).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(app.about("build")).toHaveText((await app.buildId())!);
  await expect(app.about("connection")).toHaveText("Daring");
  await expect(app.about("sw")).toHaveAttribute("data-state", "active");
  await expect(app.about("storage")).toHaveText(/^\d+(,\d)? (B|KB|MB|GB) dari \d+(,\d)? (KB|MB|GB|TB)$/);
  await expect(app.about("server")).toHaveText(/^\d+\.\d+\.\d+$/);
  const database = testInfo.project.metadata.backend === "postgres" ? "PostgreSQL" : "SQLite";
  await expect(app.about("database")).toHaveText(database);
  await expect(app.about("migration")).toHaveText(/^\d{14}$/);
  // The app's version is the one the changelog describes, and the server's is the same.
  const changelog = readFileSync(resolve(__dirname, "../../CHANGELOG.md"), "utf8");
  const version = (await app.about("version").textContent())!;
  expect(changelog).toContain(`## ${version} `);
  await expect(app.about("server")).toHaveText(version);
  // The region data's licence asks for attribution; the crates' list is one tap away.
  await expect(app.about("region-data")).toContainText("Open Database License (ODbL) 1.0");
  const licences = await app.page.request.get(`${server.url}/third-party-licences.txt`);
  expect(licences.status()).toBe(200);
  expect(await licences.text()).toContain("leptos");
  await expect(app.about("third-party")).toHaveAttribute("href", "/third-party-licences.txt");
});

test("an unknown address shows a not-found page with a way home", async ({ app }) => {
  await app.open("/tidak-ada");

  await expect(app.notFound).toContainText("Halaman tidak ditemukan");
  await app.notFound.getByRole("link").click();
  await expect(app.homeTitle).toBeVisible();
});

test("Chromium finds the app installable", async ({ app }) => {
  await app.open();
  await app.waitUntilOfflineReady();

  const cdp = await app.page.context().newCDPSession(app.page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  // Playwright's browser contexts are incognito, where Chrome never offers installing; every
  // other criterion (manifest, icons, service worker with a fetch handler) must hold.
  const errors = installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito");
  expect(errors).toEqual([]);

  const { errors: manifestErrors, data } = await cdp.send("Page.getAppManifest");
  expect(manifestErrors).toEqual([]);
  const manifest = JSON.parse(data!);
  expect(manifest.lang).toBe("id");
  expect(manifest.display).toBe("standalone");
  expect(manifest.icons.map((i: { purpose: string }) => i.purpose)).toContain("maskable");
});
