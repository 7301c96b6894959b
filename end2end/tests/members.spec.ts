import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";

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
  await expect(app.page.getByTestId("member-list")).toContainText("Siti Aminah ************0003");
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

test("the chair opens a member's record, issues a new code and records that the member left", async ({ app }) => {
  const page = app.page;
  await app.signIn("0812-3204-1201");
  await page.getByTestId("nav-cooperatives").click();
  await page.getByTestId("cooperative").getByRole("link", { name: "Anggota" }).click();
  await page.getByTestId("member-list").getByRole("link", { name: "Dadang Sutisna" }).click();
  await expect(page.getByTestId("member-name")).toHaveText("Dadang Sutisna");
  const facts = page.getByTestId("member-facts");
  await expect(facts).toHaveAttribute("data-status", "active");
  // A pengurus sees the full NIK, and that look is written in the member's access log.
  await expect(facts).toContainText("3204120304780002");
  await expect(page.getByTestId("access-log")).toContainText("Hj. Euis Rohaeti melihat NIK lengkap");

  // He lost his code: a new one replaces it.
  await page.getByTestId("new-code").click();
  await expect(page.getByTestId("member-code")).toHaveText(/^\d{8}$/);
  await expect(page.getByTestId("access-log")).toContainText("membuat kode aktivasi baru");

  await page.getByTestId("input-left_on").fill("1990-01-01");
  await page.getByTestId("leave").click();
  await expect(page.getByTestId("error-left_on")).toHaveText("Tanggal keluar tidak boleh sebelum tanggal masuk.");
  await expect(page.getByTestId("error-reason")).toHaveText("Wajib diisi.");
  await page.getByTestId("input-left_on").fill("2026-11-01");
  await page.getByTestId("input-reason").fill("Pindah domisili");
  await page.getByTestId("leave").click();
  await expect(facts).toHaveAttribute("data-status", "left");
  await expect(facts).toContainText("Keluar pada 1 Nov 2026 (Pindah domisili)");
  await expect(page.getByTestId("leave-form")).toHaveCount(0);
  await expect(page.getByTestId("access-log")).toContainText("mencatat anggota ini keluar");
});

test("officers filter the member list by status and page through it, 25 to a page", async ({ app, server }) => {
  const { api, cookie } = await apiAs(server.url, "0812-3204-1201");
  const [cooperative] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  // 20 more members make 28: two pages.
  for (let i = 0; i < 20; i++) {
    const day = String(i + 1).padStart(2, "0");
    const response = await api.post(`/api/cooperatives/${cooperative.id}/members`, {
      headers: { cookie },
      data: {
        nik: `320412${day}0685${String(1000 + i)}`,
        name: `Warga Uji ${day}`,
        join_date: "2026-01-05",
        consent_notice_version: "2026-11-v1",
        create_account: false,
      },
    });
    expect(response.status()).toBe(201);
  }
  const found = await (
    await api.get(`/api/cooperatives/${cooperative.id}/members?q=yeni`, { headers: { cookie } })
  ).json();
  const yeni = found.members[0];
  const left = await api.post(`/api/members/${yeni.id}/leave`, {
    headers: { cookie },
    data: { version: yeni.version, left_on: "2026-11-01", reason: "Pindah domisili" },
  });
  expect(left.status()).toBe(200);
  await api.dispose();

  // A supervisor reads the list but registers no one.
  await app.signIn("0812-3204-1203");
  await app.page.getByTestId("nav-cooperatives").click();
  await app.page.getByTestId("cooperative").getByRole("link", { name: "Anggota" }).click();
  const page = app.page;
  await expect(page.getByTestId("member-total")).toHaveText("28 anggota");
  await expect(page.getByTestId("register-member")).toHaveCount(0);
  await expect(page.getByTestId("member-list").locator("li")).toHaveCount(25);
  await expect(page.getByTestId("page-of")).toHaveText("Halaman 1 dari 2");
  await expect(page.getByTestId("page-previous")).toBeDisabled();
  await page.getByTestId("page-next").click();
  await expect(page.getByTestId("page-of")).toHaveText("Halaman 2 dari 2");
  await expect(page.getByTestId("member-list").locator("li")).toHaveCount(3);
  await expect(page.getByTestId("page-next")).toBeDisabled();

  await page.getByTestId("member-status").selectOption("left");
  await expect(page.getByTestId("member-total")).toHaveText("1 anggota");
  await expect(page.getByTestId("member-list")).toContainText("Yeni Marlina");
  await expect(page.getByTestId("member-list")).toContainText("keluar");
  await expect(page.getByTestId("pager")).toHaveCount(0);
  await page.getByTestId("member-status").selectOption("active");
  await expect(page.getByTestId("member-total")).toHaveText("27 anggota");
  await expect(page.getByTestId("page-of")).toHaveText("Halaman 1 dari 2");

  // The search is part of the address: back from a record, the same list is there.
  await page.getByTestId("member-search").fill("warga uji");
  await page.getByTestId("member-search").press("Enter");
  await expect(page.getByTestId("member-total")).toHaveText("20 anggota");
  await page.getByTestId("member-list").getByRole("link", { name: "Warga Uji 07" }).click();
  await expect(page.getByTestId("member-name")).toHaveText("Warga Uji 07");
  await page.goBack();
  await expect(page.getByTestId("member-search")).toHaveValue("warga uji");
  await expect(page.getByTestId("member-status")).toHaveValue("active");
  await expect(page.getByTestId("member-total")).toHaveText("20 anggota");
});
