import { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";

// The chair of Cangkuang Wetan: one cooperative, four business units, officers.
const CHAIR = "0812-3204-1201";
const CANGKUANG_WETAN = "Koperasi Desa Merah Putih Cangkuang Wetan";

type Pulled = { kind: string; data: { id: string } };

/** The records the engine pulled into the phone's database, read as the page can read them. */
async function pulled(page: Page): Promise<Pulled[]> {
  return page.evaluate(
    () =>
      new Promise<Pulled[]>((resolve, reject) => {
        const open = indexedDB.open("kopdes");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("records")) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction("records").objectStore("records").getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((r: { kind: string; data: string }) => ({ kind: r.kind, data: JSON.parse(r.data) })));
          };
        };
      }),
  );
}

async function kinds(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const record of await pulled(page)) counts[record.kind] = (counts[record.kind] ?? 0) + 1;
  return counts;
}

test("what the engine pulled opens offline, even pages never opened online", async ({ app, context }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  // Signing in starts a sync; with nothing to send, the engine pulls the whole scope.
  await expect.poll(() => kinds(page)).toEqual({ cooperative: 1, unit: 4, officer: expect.any(Number) });
  const officers = (await kinds(page)).officer;
  expect(officers).toBeGreaterThan(0);

  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");
  await page.getByTestId("nav-cooperatives").click();
  await expect(page.getByRole("link", { name: CANGKUANG_WETAN })).toBeVisible();
  await expect(page.getByTestId("kept-notice")).toBeVisible();
  await page.getByRole("link", { name: CANGKUANG_WETAN }).click();
  await expect(page.getByTestId("cooperative-name")).toHaveText(CANGKUANG_WETAN);
  const id = page.url().split("/koperasi/")[1];

  await app.page.goto(`${app.baseUrl}/koperasi/${id}/gerai`);
  const units = page.getByTestId("unit");
  await expect(units).toHaveCount(4);
  // In the server's order, though the phone stores them by id. (The API client is not the
  // phone: it still reaches the server.)
  const { api, cookie } = await apiAs(app.baseUrl, CHAIR);
  const fromServer = await (await api.get(`/api/cooperatives/${id}/units`, { headers: { cookie } })).json();
  await api.dispose();
  expect(await units.locator("strong").allTextContents()).toEqual(fromServer.map((u: { name: string }) => u.name));

  await app.page.goto(`${app.baseUrl}/koperasi/${id}/pengurus`);
  await expect(page.getByTestId("officer")).toHaveCount(officers);
  await expect(page.getByTestId("kept-notice")).toBeVisible();
});

test("a change made elsewhere reaches the phone by a pull, and shows offline over an older copy", async ({ app, server, context }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await page.getByTestId("nav-cooperatives").click();
  await page.getByRole("link", { name: CANGKUANG_WETAN }).click();
  const id = page.url().split("/koperasi/")[1];
  // Opened online: the phone keeps this answer, with four units.
  await page.goto(`${app.baseUrl}/koperasi/${id}/gerai`);
  await expect(page.getByTestId("unit")).toHaveCount(4);
  const serverOrder = await page.getByTestId("unit").locator("strong").allTextContents();

  // Another officer adds a unit from their own phone.
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const added = await api.post(`/api/cooperatives/${id}/units`, {
    headers: { cookie },
    data: { kind: "sembako", kbli: "47111", name: "Toko Tani Cangkuang Wetan", status: "planned", opened_on: null },
  });
  expect(added.status()).toBe(201);
  await api.dispose();

  // The engine runs (here asked directly, as the app does at start and when back online).
  const pulls: number[] = [];
  context.on("requestfinished", async (request) => {
    if (request.url().includes("/api/sync/pull")) pulls.push((await request.response())?.status() ?? 0);
  });
  await page.evaluate(() => navigator.serviceWorker.controller?.postMessage("sync"));
  await expect.poll(async () => (await kinds(page)).unit).toBe(5);
  expect(pulls.every((status) => status === 200)).toBe(true);

  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");
  await page.reload();
  const units = page.getByTestId("unit");
  await expect(units).toHaveCount(5);
  await expect(units.filter({ hasText: "Toko Tani Cangkuang Wetan" })).toHaveCount(1);
  await expect(page.getByTestId("kept-notice")).toBeVisible();
  // The same order the server gives, with the new unit in its place.
  const offlineOrder = await units.locator("strong").allTextContents();
  expect(offlineOrder.filter((name) => name !== "Toko Tani Cangkuang Wetan")).toEqual(serverOrder);

  await context.setOffline(false);
  await page.reload();
  await expect(units).toHaveCount(5);
  expect(await units.locator("strong").allTextContents()).toEqual(offlineOrder);
});
