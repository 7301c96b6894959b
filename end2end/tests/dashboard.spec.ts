import { readFileSync } from "node:fs";
import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";

// Demo staff (README): the dinas admin of Kabupaten Bandung and the ministry admin; the chair of
// Cangkuang Wetan, in Dayeuhkolot.
const DINAS_BANDUNG = "0811-3204-0001";
const MINISTRY = "0811-0000-0001";
const CHAIR = "0812-3204-1201";

test("a dinas admin drills down from their regency to the village, exports a table, and reads the figures offline", async ({ app, server, context }) => {
  const page = app.page;
  const { api, cookie } = await apiAs(server.url, DINAS_BANDUNG);
  const expected = await (await api.get("/api/dashboard", { headers: { cookie } })).json();
  await api.dispose();

  await app.signIn(DINAS_BANDUNG);
  await app.waitUntilOfflineReady();
  await page.getByTestId("nav-cooperatives").click();
  await page.getByTestId("admin-dashboard").click();
  // Their own regency first, with no way above it.
  await expect(page.getByTestId("dashboard-place")).toHaveText("Kabupaten Bandung");
  await expect(page.getByTestId("dashboard-up")).toHaveCount(0);
  await expect(page.getByTestId("tile-cooperatives")).toHaveText(String(expected.totals.cooperatives));
  await expect(page.getByTestId("tile-members")).toHaveText(String(expected.totals.members));
  await expect(page.getByTestId("dashboard-as-of")).toContainText("Angka per");
  await expect(page.getByTestId("chart-bars")).toBeVisible();
  await expect(page.getByTestId("chart-trend")).toBeVisible();

  // The table's CSV holds the rows on the screen.
  const rows = page.getByTestId("region-row");
  await expect(rows).toHaveCount(expected.rows.length);
  const download = page.waitForEvent("download");
  await page.getByTestId("by-region").getByTestId("csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("koperasi-32.04.csv");
  const text = readFileSync(await file.path(), "utf8").replace(/^\uFEFF/, "");
  const lines = text.trim().split("\r\n");
  expect(lines[0]).toMatch(/^Wilayah,Koperasi,Terverifikasi,/);
  expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(expected.rows.map((r: { name: string }) => r.name));

  // Down to Dayeuhkolot, whose rows are villages opening their cooperative.
  await rows.filter({ hasText: "Dayeuhkolot" }).getByRole("link").click();
  await expect(page.getByTestId("dashboard-place")).toHaveText("Dayeuhkolot");
  await expect(page.getByTestId("breadcrumb")).toContainText("Kabupaten Bandung");
  await expect(page.getByTestId("dashboard-up")).toBeVisible();
  const village = page.getByTestId("region-row").filter({ hasText: "Cangkuang Wetan" });
  await expect(village).toHaveCount(1);

  // Offline, the same figures open from the phone with their time, and say so.
  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");
  await page.reload();
  await expect(page.getByTestId("dashboard-place")).toHaveText("Dayeuhkolot");
  await expect(page.getByTestId("kept-notice")).toBeVisible();
  await context.setOffline(false);

  await village.getByRole("link").click();
  await expect(page.getByTestId("cooperative-status")).toBeVisible();

  // English labels on the same figures.
  await page.goBack();
  await app.switchLanguage("en");
  await expect(page.getByTestId("tiles")).toContainText("Active members");
});

test("the ministry sees the country; a cooperative's chair sees its own figures and no programme dashboard", async ({ app, server, browser }) => {
  const page = app.page;
  await app.signIn(MINISTRY);
  await app.open("/koperasi/dasbor");
  await expect(page.getByTestId("dashboard-place")).toHaveText("Indonesia");
  const provinces = page.getByTestId("region-row");
  await expect(provinces.filter({ hasText: "Jawa Barat" })).toHaveCount(1);
  await provinces.filter({ hasText: "Jawa Barat" }).getByRole("link").click();
  await expect(page.getByTestId("dashboard-up")).toBeVisible();
  await page.getByTestId("dashboard-up").click();
  await expect(page.getByTestId("dashboard-place")).toHaveText("Indonesia");

  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true });
  const chair = await context.newPage();
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const [cooperative] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const figures = await (await api.get(`/api/cooperatives/${cooperative.id}/dashboard`, { headers: { cookie } })).json();
  await api.dispose();
  await chair.goto(`${server.url}/masuk`);
  await chair.getByTestId("input-phone").fill(CHAIR);
  await chair.getByTestId("input-password").fill("kopdes-demo-2026");
  await chair.getByTestId("submit").click();
  await expect(chair.getByTestId("greeting")).toBeVisible();
  await chair.getByTestId("nav-cooperatives").click();
  await expect(chair.getByTestId("admin-dashboard")).toHaveCount(0);
  await chair.getByTestId("cooperative").first().getByRole("link").first().click();
  await expect(chair.getByTestId("figure-members")).toHaveText(`${figures.members_active} (${figures.members_left} keluar)`);
  await expect(chair.getByTestId("figure-savings")).toHaveText(/^Rp [\d.]+$/);
  await expect(chair.getByTestId("figure-forms")).toContainText("Laporan bulanan gerai");
  await context.close();
});
