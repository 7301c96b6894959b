import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";

const DEMO_PASSWORD = "kopdes-demo-2026";
const KETUA = { phone: "0812-3204-1201", name: "Hj. Euis Rohaeti" };

async function signIn(app: import("../support/app-page").AppPage, phone: string, password: string) {
  await app.open("/masuk");
  await app.page.getByTestId("input-phone").fill(phone);
  await app.page.getByTestId("input-password").fill(password);
  await app.page.getByTestId("submit").click();
}

test("a chair signs in, sees their roles and signs out", async ({ app }) => {
  await signIn(app, KETUA.phone, DEMO_PASSWORD);

  await expect(app.page).toHaveURL(`${app.baseUrl}/`);
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await expect(app.page.getByTestId("roles")).toContainText("Pengurus");

  await app.switchLanguage("en");
  await expect(app.page.getByTestId("roles")).toContainText("Board member (pengurus)");
  await app.switchLanguage("id");

  await app.page.getByTestId("sign-out").click();
  // Nothing waits to be sent, so there is nothing to warn about.
  await expect(app.page.getByTestId("confirm-sign-out")).toBeVisible();
  await expect(app.page.getByTestId("unsent-warning")).toHaveCount(0);
  await app.page.getByTestId("confirm-sign-out").click();
  await expect(app.page.getByTestId("go-sign-in")).toBeVisible();
  await app.page.reload();
  await expect(app.page.getByTestId("go-sign-in")).toBeVisible();
});

test("a signed-in person's home page does not move under their thumb as it loads", async ({ app }) => {
  await signIn(app, KETUA.phone, DEMO_PASSWORD);
  await expect(app.page.getByTestId("greeting")).toBeVisible();
  // Every layout shift of the next load, as Chromium reports them (what Lighthouse's CLS adds up).
  await app.page.addInitScript(() => {
    const shifts: number[] = [];
    (window as unknown as { shifts: number[] }).shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
    }).observe({ type: "layout-shift", buffered: true });
  });

  const confirmed = app.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/me");
  await app.page.reload();
  await confirmed;
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await expect(app.page.getByTestId("server-status")).toHaveAttribute("data-state", "ok");

  expect(await app.page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
});

test("sign-in mistakes are explained next to the field, in either language", async ({ app }) => {
  await signIn(app, "0812", "");

  await expect(app.page.getByTestId("error-phone")).toHaveText("Nomor HP terdiri dari 10 sampai 13 angka.");
  await expect(app.page.getByTestId("error-password")).toHaveText("Wajib diisi.");
  await expect(app.page.getByTestId("input-phone")).toHaveAttribute("aria-invalid", "true");
  await app.switchLanguage("en");
  await expect(app.page.getByTestId("error-password")).toHaveText("Required.");
  await app.switchLanguage("id");

  await app.page.getByTestId("input-phone").fill(KETUA.phone);
  await app.page.getByTestId("input-password").fill("bukan-sandinya");
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("form-error")).toContainText("tidak cocok");
  await expect(app.page.getByTestId("error-phone")).toHaveCount(0);
});

test("repeated wrong passwords are throttled with a clear wait", async ({ app }) => {
  await app.open("/masuk");
  await app.page.getByTestId("input-phone").fill("0812-3301-0101");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await app.page.getByTestId("input-password").fill(`salah-${attempt}-xx`);
    await app.page.getByTestId("submit").click();
    await expect(app.page.getByTestId("form-error")).toContainText("tidak cocok");
  }
  await app.page.getByTestId("input-password").fill(DEMO_PASSWORD);
  await app.page.getByTestId("submit").click();

  await expect(app.page.getByTestId("form-error")).toHaveText(
    "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi. Coba lagi dalam 15 menit.",
  );
});

test("a new chair activates their account with the code and is signed in", async ({ app, server }) => {
  const { api, cookie } = await apiAs(server.url, "0811-3200-0001");
  const registered = await api.post("/api/cooperatives", {
    headers: { cookie },
    data: {
      village: "32.04.12.2002",
      scheme: "baru",
      name: "Koperasi Desa Merah Putih Dayeuhkolot",
      ketua_name: "Ujang Suherman",
      ketua_phone: "0812 7777 8888",
    },
  });
  expect(registered.status()).toBe(201);
  const code: string = (await registered.json()).ketua_activation_code;

  await app.open("/masuk/aktivasi");
  await app.page.getByTestId("input-phone").fill("0812 7777 8888");
  await app.page.getByTestId("input-code").fill("1234");
  await app.page.getByTestId("input-password").fill("pendek");
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("error-code")).toHaveText("Kode aktivasi terdiri dari 8 angka.");
  await expect(app.page.getByTestId("error-password")).toHaveText("Kata sandi paling sedikit 8 huruf atau angka.");

  await app.page.getByTestId("input-code").fill(`${code.slice(0, 4)} ${code.slice(4)}`);
  await app.page.getByTestId("input-password").fill("dayeuhkolot-maju-1");
  await app.page.getByTestId("submit").click();

  await expect(app.page.getByTestId("greeting")).toHaveText("Halo, Ujang Suherman");
  await expect(app.page.getByTestId("roles")).toContainText("Pengurus");
  await api.dispose();
});

test("a signed-in person keeps their account offline, and a lost session asks to sign in again without losing it", async ({ app, context, server }) => {
  await signIn(app, KETUA.phone, DEMO_PASSWORD);
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await app.waitUntilOfflineReady();

  await context.setOffline(true);
  await app.page.reload();
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await expect(app.connectivity).toHaveText("Luring");
  await context.setOffline(false);

  // The session ends on the server (for example a password change on another phone).
  const session = (await context.cookies()).find((c) => c.name === "kopdes_session");
  expect(session?.httpOnly).toBe(true);
  const api = await playwrightRequest.newContext({ baseURL: server.url });
  expect((await api.delete("/api/session", { headers: { cookie: `kopdes_session=${session!.value}` } })).status()).toBe(204);
  await api.dispose();

  await app.page.reload();
  await expect(app.page.getByTestId("session-expired")).toContainText("Sesi Anda berakhir");
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
});

test("a signed-in phone asks the server who is signed in once per load, not over and over", async ({ app }) => {
  await signIn(app, KETUA.phone, DEMO_PASSWORD);
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  let asked = 0;
  app.page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/me") asked += 1;
  });
  await app.page.reload();
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await app.page.waitForLoadState("networkidle");
  // A loop asks dozens of times a second; a page asks once, and once more when it comes online.
  await app.page.waitForTimeout(2_000);
  expect(asked).toBeLessThanOrEqual(2);
});

test("signing out offline is final on the phone, and the server session ends when the signal returns", async ({ app, context, server }) => {
  await signIn(app, KETUA.phone, DEMO_PASSWORD);
  await expect(app.page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await app.waitUntilOfflineReady();
  const cookie = (await context.cookies()).find((c) => c.name === "kopdes_session")!;

  await context.setOffline(true);
  await app.page.getByTestId("sign-out").click();
  await app.page.getByTestId("confirm-sign-out").click();
  await expect(app.page.getByTestId("go-sign-in")).toBeVisible();
  await app.page.reload();
  await expect(app.page.getByTestId("go-sign-in")).toBeVisible();

  // The signal returns: the phone ends the session instead of being signed back in by it.
  const ended = app.page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/api/session" && r.request().method() === "DELETE",
  );
  await context.setOffline(false);
  expect((await ended).status()).toBe(204);
  await app.page.reload();
  await expect(app.page.getByTestId("go-sign-in")).toBeVisible();
  await expect(app.page.getByTestId("greeting")).toHaveCount(0);

  const api = await playwrightRequest.newContext({ baseURL: server.url });
  expect((await api.get("/api/me", { headers: { cookie: `kopdes_session=${cookie.value}` } })).status()).toBe(401);
  await api.dispose();
});

test("changing the password keeps this phone signed in and signs out the others", async ({ app, server }) => {
  const other = await apiAs(server.url, "0812-3301-0101");
  await signIn(app, "0812-3301-0101", DEMO_PASSWORD);
  await expect(app.page.getByTestId("greeting")).toBeVisible();
  await app.page.getByTestId("change-password").click();

  await app.page.getByTestId("input-current_password").fill("bukan-sandinya");
  await app.page.getByTestId("input-new_password").fill("pendek");
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("error-new_password")).toHaveText("Kata sandi paling sedikit 8 huruf atau angka.");
  await app.page.getByTestId("input-new_password").fill("tambakreja-baru-2027");
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("error-current_password")).toHaveText("Kata sandi lama tidak cocok.");

  await app.page.getByTestId("input-current_password").fill(DEMO_PASSWORD);
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("password-changed")).toBeVisible();

  expect((await other.api.get("/api/me", { headers: { cookie: other.cookie } })).status()).toBe(401);
  await other.api.dispose();
  await app.page.getByTestId("nav-home").click();
  await expect(app.page.getByTestId("greeting")).toContainText("Slamet Riyadi");
  await expect(app.page.getByTestId("session-expired")).toHaveCount(0);
});
