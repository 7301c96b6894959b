import { expect, test } from "../support/fixtures";

test("after one online visit the app opens with no network", async ({ app, context }) => {
  await app.open();
  await app.waitUntilOfflineReady();

  await context.setOffline(true);
  await app.page.reload();

  await expect(app.homeTitle).toHaveText("Selamat datang di Si Kopdes");
  await expect(app.connectivity).toHaveText("Luring");
  await expect(app.connectivity).toHaveAttribute("data-online", "false");
  await expect(app.serverStatus).toHaveAttribute("data-state", "unreachable");

  // A deep link typed or bookmarked while offline opens too: every route is the same shell.
  await app.page.goto(`${app.baseUrl}/tentang`);
  await expect(app.about("connection")).toHaveText("Luring");
  await expect(app.about("sw")).toHaveAttribute("data-state", "active");
  await expect(app.about("database")).toHaveText("-");
});

test("the connection badge follows the network as it comes and goes", async ({ app, context }) => {
  await app.open();
  await expect(app.connectivity).toHaveText("Daring");

  await context.setOffline(true);
  await expect(app.connectivity).toHaveText("Luring");

  await context.setOffline(false);
  await expect(app.connectivity).toHaveText("Daring");
  await expect(app.serverStatus).toHaveAttribute("data-state", "ok");
});

test("the service worker never stores API responses", async ({ app }) => {
  await app.open();
  await app.waitUntilOfflineReady();
  // A signed-in person's day: their cooperative, its members, the health check.
  await app.signIn("0812-3204-1201");
  await app.page.getByTestId("nav-cooperatives").click();
  await app.page.getByTestId("cooperative").getByRole("link", { name: "Anggota" }).click();
  await expect(app.page.getByTestId("member-total")).toHaveText("8 anggota");
  await app.page.evaluate(() => fetch("/api/health").then((r) => r.json()));

  const cached = await app.page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      urls.push(...(await cache.keys()).map((r) => new URL(r.url).pathname));
    }
    return urls;
  });

  expect(cached).toContain("/index.html");
  expect(cached.some((u) => u.endsWith(".wasm"))).toBe(true);
  expect(cached.filter((u) => u.startsWith("/api"))).toEqual([]);
});
