import { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { AppPage } from "../support/app-page";
import { apiAs } from "../support/api";
import { AppServer } from "../support/server";

// The chair of a demo cooperative (draft, so its profile may be edited).
const CHAIR = "0812-1212-0101";
const HUTANAMORA = "Koperasi Desa Merah Putih Hutanamora";

type Cooperative = { id: string; version: number; address: string | null; phone: string | null; email: string | null };

/** The cooperative as the server holds it: the only witness that counts. */
async function onServer(server: AppServer, password?: string): Promise<Cooperative> {
  const { api, cookie } = await apiAs(server.url, CHAIR, password);
  const [listed] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const cooperative = await (await api.get(`/api/cooperatives/${listed.id}`, { headers: { cookie } })).json();
  await api.dispose();
  return cooperative;
}

async function openHutanamora(page: Page) {
  await page.getByTestId("nav-cooperatives").click();
  await page.getByRole("link", { name: HUTANAMORA }).click();
  await expect(page.getByTestId("cooperative-name")).toHaveText(HUTANAMORA);
}

/** Edits one field of the profile and saves, as the chair would. */
async function saveAddress(page: Page, address: string) {
  await page.getByTestId("edit-profile").click();
  await page.getByTestId("input-address").fill(address);
  await page.getByTestId("save-profile").click();
  await expect(page.getByTestId("profile")).toContainText(address);
}

/** What the send-queue page says: waiting and needing attention. */
async function queue(app: AppPage) {
  await app.open("/saya/antrean");
  await expect(app.page.getByTestId("sync-summary")).toBeVisible();
  return {
    waiting: Number(await app.page.getByTestId("waiting-count").textContent()),
    attention: Number(await app.page.getByTestId("attention-count").textContent()),
  };
}

async function signedInChair(app: AppPage) {
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await openHutanamora(app.page);
}

async function offline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");
}

test("an edit made offline survives a reload and arrives once when the phone is back online", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  await offline(context, page);

  await saveAddress(page, "Jl. Tanpa Sinyal No. 1");
  await expect(page.getByTestId("queued-note")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("profile")).toContainText("Jl. Tanpa Sinyal No. 1");
  await expect(page.getByTestId("queued-note")).toBeVisible();
  // Sending to the office waits until the changes are there.
  expect(await queue(app)).toEqual({ waiting: 1, attention: 0 });
  await expect(page.getByTestId("last-sync")).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Tanpa Sinyal No. 1");
  expect(after.version).toBe(before.version + 1);
  await expect(page.getByTestId("last-sync")).toContainText("WIB");
});

test("several offline edits go in one push, in order, each applied once", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  await offline(context, page);
  // Pushes the server answered (tries while offline fail at once and carry nothing).
  const pushes: string[] = [];
  context.on("requestfinished", (r) => {
    if (r.url().endsWith("/api/sync/push")) pushes.push(r.url());
  });

  for (const n of [1, 2, 3, 4, 5]) await saveAddress(page, `Jl. Antre No. ${n}`);
  expect(await queue(app)).toEqual({ waiting: 5, attention: 0 });

  await context.setOffline(false);
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Antre No. 5");
  expect(after.version).toBe(before.version + 5);
  expect(pushes.length).toBe(1);
});

test("two tabs queue changes offline and one engine sends them once", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  const second = await context.newPage();
  await second.goto(app.baseUrl + "/");
  await openHutanamora(second);
  await offline(context, page);

  await saveAddress(page, "Jl. Tab Pertama");
  // The second tab sees the first tab's change and builds on it.
  await second.reload();
  await expect(second.getByTestId("profile")).toContainText("Jl. Tab Pertama");
  await second.getByTestId("edit-profile").click();
  await second.getByTestId("input-phone").fill("0813 1111 2222");
  await second.getByTestId("save-profile").click();
  await expect(second.getByTestId("queued-note")).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  await expect(second.getByTestId("queued-note")).toHaveCount(0);
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Tab Pertama");
  expect(after.phone).toBe("+6281311112222");
  expect(after.version).toBe(before.version + 2);
  expect(await queue(app)).toEqual({ waiting: 0, attention: 0 });
});

test("the page reloaded while a push is on its way, and its answer lost: applied once", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  await offline(context, page);
  await saveAddress(page, "Jl. Muat Ulang No. 2");

  // The first push reaches the server, which commits it, but its answer never comes back; the
  // page is reloaded meanwhile.
  let pushes = 0;
  await context.route("**/api/sync/push", async (route) => {
    pushes += 1;
    if (pushes === 1) {
      await route.fetch();
      await page.reload();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  await context.setOffline(false);

  await expect.poll(() => pushes, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("queued-note")).toHaveCount(0, { timeout: 30_000 });
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Muat Ulang No. 2");
  expect(after.version).toBe(before.version + 1);
  expect(await queue(app)).toEqual({ waiting: 0, attention: 0 });
});

test("a busy server is retried no sooner than Retry-After says", async ({ app, server, context }) => {
  const page = app.page;
  await signedInChair(app);
  await offline(context, page);
  await saveAddress(page, "Jl. Sabar No. 3");

  const times: number[] = [];
  await context.route("**/api/sync/push", async (route) => {
    times.push(Date.now());
    if (times.length === 1) {
      await route.fulfill({
        status: 503,
        headers: { "retry-after": "3", "content-type": "application/json" },
        body: '{"error":{"code":"unavailable","message":"busy"}}',
      });
    } else {
      await route.continue();
    }
  });
  await context.setOffline(false);

  await expect(page.getByTestId("queued-note")).toHaveCount(0, { timeout: 30_000 });
  expect(times.length).toBe(2);
  expect(times[1] - times[0]).toBeGreaterThanOrEqual(3_000);
  expect((await onServer(server)).address).toBe("Jl. Sabar No. 3");
});

test("a session ended mid-sync keeps the change until the chair signs in again", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  await offline(context, page);
  await saveAddress(page, "Jl. Sesi Habis No. 4");

  // Meanwhile the password is changed on another phone, which ends this phone's session.
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const changed = await api.post("/api/me/password", {
    headers: { cookie },
    data: { current_password: "kopdes-demo-2026", new_password: "hutanamora-baru-1" },
  });
  expect(changed.status()).toBe(204);
  await api.dispose();

  await context.setOffline(false);
  await expect(page.getByTestId("session-expired")).toBeVisible();
  expect(await queue(app)).toEqual({ waiting: 1, attention: 0 });
  await expect(page.getByTestId("sync-problem")).toContainText("Masuk lagi");
  expect((await onServer(server, "hutanamora-baru-1")).version).toBe(before.version);

  await app.signIn(CHAIR, "hutanamora-baru-1");
  await openHutanamora(page);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  const after = await onServer(server, "hutanamora-baru-1");
  expect(after.address).toBe("Jl. Sesi Habis No. 4");
  expect(after.version).toBe(before.version + 1);
});

test("changes queued before an app update are sent by the new version, once", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  await offline(context, page);
  await saveAddress(page, "Jl. Versi Lama No. 6");
  const oldBuild = await app.buildId();

  const newBuild = server.deployNewVersion();
  await context.setOffline(false);
  await page.reload();
  await expect(app.updateBanner).toBeVisible();
  await app.updateReload.click();
  await expect.poll(() => app.buildId()).toBe(newBuild);
  expect(newBuild).not.toBe(oldBuild);

  await openHutanamora(page);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Versi Lama No. 6");
  expect(after.version).toBe(before.version + 1);
});

test("days offline with the phone's clock two days off: the change still arrives once", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await page.clock.install({ time: Date.now() + 2 * 24 * 3600 * 1000 });
  await signedInChair(app);
  await offline(context, page);
  await saveAddress(page, "Jl. Jam Salah No. 7");
  await page.clock.fastForward(3 * 24 * 3600 * 1000);

  await context.setOffline(false);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Jam Salah No. 7");
  expect(after.version).toBe(before.version + 1);
});

test("a change the server refuses is set aside with its field errors, fixed and sent", async ({ app, server }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  // A change queued by an older version of the app, whose checks were looser.
  await page.evaluate(
    async ({ id, version }) => {
      const me = await new Promise<any>((resolve) => {
        const open = indexedDB.open("kopdes");
        open.onsuccess = () => {
          const get = open.result.transaction("settings").objectStore("settings").get("me");
          get.onsuccess = () => resolve({ db: open.result, me: JSON.parse(get.result) });
        };
      });
      const op = {
        id: crypto.randomUUID(),
        record_id: id,
        base_version: version,
        kind: "cooperative_profile",
        data: { name: "Koperasi Desa Merah Putih Hutanamora", established_on: "2025-07-21", email: "hutanamora at contoh" },
      };
      const tx = me.db.transaction("outbox", "readwrite");
      tx.objectStore("outbox").add({
        account: me.me.id, id: op.id, record: id, op: JSON.stringify(op), made_at: Date.now(), state: "queued",
      });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      (await navigator.serviceWorker.ready).active!.postMessage("sync");
    },
    { id: before.id, version: before.version },
  );

  await expect(page.getByTestId("rejected")).toBeVisible();
  await expect(page.getByTestId("rejected")).toContainText("Email");
  expect(await queue(app)).toEqual({ waiting: 0, attention: 1 });
  await expect(page.getByTestId("queue-item")).toHaveAttribute("data-state", "rejected");
  await page.getByTestId("queue-item").getByRole("link").click();

  await page.getByTestId("fix-change").click();
  await expect(page.getByTestId("error-email")).toHaveText("Tulis alamat email seperti nama@contoh.id.");
  await page.getByTestId("input-email").fill("hutanamora@contoh.id");
  await page.getByTestId("save-profile").click();
  await expect(page.getByTestId("rejected")).toHaveCount(0);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  const after = await onServer(server);
  expect(after.email).toBe("hutanamora@contoh.id");
  expect(after.version).toBe(before.version + 1);
  expect(await queue(app)).toEqual({ waiting: 0, attention: 0 });
});

test("signing out with changes unsent warns, keeps them for that person only, and sends them on their return", async ({ app, server, context }) => {
  const page = app.page;
  const before = await onServer(server);
  await signedInChair(app);
  await offline(context, page);
  await saveAddress(page, "Jl. Ponsel Keluarga No. 8");
  // The signal is back but the server cannot be reached: the change has not gone at sign-out.
  await context.route("**/api/sync/push", (route) => route.abort("connectionrefused"));
  await context.setOffline(false);

  await page.getByTestId("nav-home").click();
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("unsent-warning")).toContainText("1 perubahan Anda belum terkirim");
  await page.getByTestId("confirm-sign-out").click();
  await expect(page.getByTestId("go-sign-in")).toBeVisible();

  // Someone else on the same phone neither sees nor sends them, with the server reachable again.
  await app.signIn("0811-3204-0001");
  await context.unroute("**/api/sync/push");
  expect(await queue(app)).toEqual({ waiting: 0, attention: 0 });
  await page.getByTestId("send-now").click();
  expect((await onServer(server)).version).toBe(before.version);
  await app.signOut();

  await app.signIn(CHAIR);
  await openHutanamora(page);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  const after = await onServer(server);
  expect(after.address).toBe("Jl. Ponsel Keluarga No. 8");
  expect(after.version).toBe(before.version + 1);
});
