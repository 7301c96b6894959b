import { expect, test } from "../support/fixtures";

// Every byte crosses a satellite link someone pays for: once the app is installed, coming back
// must not download it again. Only API calls and the service worker's own update check may
// reach the network.
test("a repeat visit fetches no app bytes from the network", async ({ app, context }) => {
  await app.open();
  await app.waitUntilOfflineReady();
  // Every area's chunk is precached after the first visit; wait for that too.
  await app.page.waitForFunction(async () => {
    const names = await caches.keys();
    let wasm = 0;
    for (const name of names) {
      const cache = await caches.open(name);
      wasm += (await cache.keys()).filter((r) => r.url.endsWith(".wasm")).length;
    }
    return wasm > 1;
  });

  const fromNetwork: string[] = [];
  const page = await context.newPage();
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (!response.fromServiceWorker() && url.origin === new URL(app.baseUrl).origin) {
      fromNetwork.push(`${response.request().method()} ${url.pathname} ${response.status()}`);
    }
  });
  await page.goto(`${app.baseUrl}/`);
  await expect(page.getByTestId("home-title")).toBeVisible();
  await page.goto(`${app.baseUrl}/tentang`);
  await expect(page.getByTestId("about-sw")).toHaveAttribute("data-state", "active");

  const appBytes = fromNetwork.filter((line) => {
    const path = line.split(" ")[1];
    return !path.startsWith("/api/") && path !== "/sw.js";
  });
  expect(appBytes).toEqual([]);
});
