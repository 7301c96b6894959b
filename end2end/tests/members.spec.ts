import { expect, test } from "../support/fixtures";

const DEMO_PASSWORD = "kopdes-demo-2026";

test("a chair registers a member: NIK mistakes are shown as typed, the NIK's facts are shown to confirm", async ({ app }) => {
  await app.open("/masuk");
  await app.page.getByTestId("input-phone").fill("0812-3204-1201");
  await app.page.getByTestId("input-password").fill(DEMO_PASSWORD);
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("greeting")).toBeVisible();

  await app.page.getByTestId("nav-cooperatives").click();
  const cooperative = app.page.getByTestId("cooperative");
  await expect(cooperative).toHaveCount(1);
  await expect(cooperative.getByTestId("cooperative-status")).toHaveText("Terverifikasi");
  await cooperative.getByRole("link", { name: "Anggota" }).click();
  await expect(app.page.getByTestId("member-total")).toHaveText("8 anggota");
  await app.page.getByTestId("register-member").click();

  const nik = app.page.getByTestId("input-nik");
  await nik.fill("3204123212050003");
  await expect(app.page.getByTestId("error-nik")).toHaveText("Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar.");
  await nik.fill("9999125512050003");
  await app.page.getByTestId("input-name").fill("Siti Aminah");
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("error-consent")).toHaveText("Centang persetujuan anggota sebelum menyimpan.");
  await app.page.getByTestId("input-consent").check();
  await app.page.getByTestId("submit").click();
  // Well-formed, but no such district: only the server's region table knows.
  await expect(app.page.getByTestId("error-nik")).toHaveText(
    "6 angka pertama NIK bukan kode kecamatan yang dikenal. Periksa lagi KTP.",
  );

  await nik.fill("3204 1255 1205 0003");
  await expect(app.page.getByTestId("nik-facts")).toHaveText("Menurut NIK: Perempuan, lahir 15 Des 2005");
  await app.switchLanguage("en");
  await expect(app.page.getByTestId("nik-facts")).toHaveText("The NIK says: Female, born 15 Dec 2005");
  await app.switchLanguage("id");
  await app.page.getByTestId("input-phone").fill("0813 2222 3333");
  await app.page.getByTestId("input-create-account").check();
  await app.page.getByTestId("submit").click();

  await expect(app.page.getByTestId("member-saved")).toBeVisible();
  await expect(app.page.getByTestId("activation-code")).toHaveText(/^\d{8}$/);
  await app.page.getByRole("link", { name: "Kembali ke daftar anggota" }).click();
  await expect(app.page.getByTestId("member-total")).toHaveText("9 anggota");
  await app.page.getByTestId("member-search").fill("siti");
  await app.page.getByTestId("member-search").press("Enter");
  await expect(app.page.getByTestId("member-total")).toHaveText("1 anggota");
  await expect(app.page.getByTestId("member-list")).toContainText("Siti Aminah 320412********03");
  await expect(app.page.getByTestId("member-list")).not.toContainText("3204125512050003");

  // The same person cannot be an active member twice.
  await app.page.getByTestId("register-member").click();
  await app.page.getByTestId("input-nik").fill("3204125512050003");
  await app.page.getByTestId("input-name").fill("Siti Aminah");
  await app.page.getByTestId("input-consent").check();
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("error-nik")).toHaveText("NIK ini sudah terdaftar sebagai anggota aktif sebuah koperasi.");
});

test("a member sees their own data and who looked at their NIK", async ({ app, server }) => {
  // The chair opens the member's full record once (as when checking a form against the ID card).
  const { request } = await import("@playwright/test");
  const api = await request.newContext({ baseURL: server.url });
  const signedIn = await api.post("/api/session", { data: { phone: "0812-3204-1201", password: DEMO_PASSWORD } });
  const cookie = signedIn.headers()["set-cookie"].split(";")[0];
  const cooperatives = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const page = await (
    await api.get(`/api/cooperatives/${cooperatives[0].id}/members?q=neng`, { headers: { cookie } })
  ).json();
  expect((await api.get(`/api/members/${page.members[0].id}`, { headers: { cookie } })).status()).toBe(200);
  await api.dispose();

  await app.open("/masuk");
  await app.page.getByTestId("input-phone").fill("0813-2004-1201");
  await app.page.getByTestId("input-password").fill(DEMO_PASSWORD);
  await app.page.getByTestId("submit").click();
  await expect(app.page.getByTestId("roles")).toContainText("Anggota");
  await app.page.getByTestId("my-data").click();

  await expect(app.page.getByTestId("my-nik")).toHaveText("3204125512850001");
  const log = app.page.getByTestId("access-log");
  await expect(log).toContainText("Hj. Euis Rohaeti melihat NIK lengkap Anda");
  await expect(log).toContainText("Hj. Euis Rohaeti mendaftarkan Anda sebagai anggota");
});
