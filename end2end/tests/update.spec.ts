import { expect, test } from "../support/fixtures";

test("a deployed new version is offered, and taken only when the person asks", async ({ app, server }) => {
  await app.open();
  await app.waitUntilOfflineReady();
  const oldBuild = await app.buildId();
  await expect(app.updateBanner).toHaveCount(0);

  const newBuild = server.deployNewVersion();
  await app.page.reload();

  await expect(app.updateBanner).toBeVisible();
  await expect(app.updateBanner).toContainText("Versi baru tersedia.");
  // Still the old version until the person says so.
  expect(await app.buildId()).toBe(oldBuild);

  await app.updateReload.click();

  await expect.poll(() => app.buildId()).toBe(newBuild);
  await expect(app.homeTitle).toBeVisible();
  await expect(app.updateBanner).toHaveCount(0);
});
