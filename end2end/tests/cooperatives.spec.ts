import { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { AppPage } from "../support/app-page";
import { apiAs } from "../support/api";

const DINAS_BANDUNG = "0811-3204-0001";

async function openCooperative(app: AppPage, name: string) {
  await app.page.getByTestId("nav-cooperatives").click();
  await app.page.getByRole("link", { name }).click();
  await expect(app.page.getByTestId("cooperative-name")).toHaveText(name);
}

async function status(page: Page) {
  return page.getByTestId("cooperative-status");
}

test("a dinas admin registers a cooperative; its chair fills in the profile; the office returns it, then verifies it", async ({ app }) => {
  const page = app.page;
  await app.signIn(DINAS_BANDUNG);
  await page.getByTestId("nav-cooperatives").click();
  await page.getByTestId("register-cooperative").click();

  // An admin of Kabupaten Bandung picks only inside it.
  await expect(page.getByTestId("region-province")).toBeDisabled();
  await expect(page.getByTestId("region-province")).toHaveValue("32");
  await expect(page.getByTestId("region-regency")).toHaveValue("32.04");
  await expect(page.getByTestId("region-village")).toBeDisabled();
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("error-village")).toHaveText("Pilih desa/kelurahan sampai tingkat terakhir.");
  await expect(page.getByTestId("error-ketua_name")).toHaveText("Wajib diisi.");

  await page.getByTestId("region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("region-village").selectOption({ label: "Citeureup" });
  await page.getByTestId("scheme-revitalisasi").check();
  await page.getByTestId("input-name").fill("Koperasi Desa Merah Putih Sukamaju");
  await expect(page.getByTestId("name-warning")).toContainText("tidak memuat nama desanya");
  await page.getByTestId("input-name").fill("Koperasi Desa Merah Putih Citeureup");
  await expect(page.getByTestId("name-warning")).toHaveCount(0);
  await page.getByTestId("input-ketua_name").fill("Dadang Suherman");
  await page.getByTestId("input-ketua_phone").fill("0812 5555 6666");
  await page.getByTestId("submit").click();

  await expect(page.getByTestId("cooperative-saved")).toBeVisible();
  const code = (await page.getByTestId("activation-code").textContent()) ?? "";
  expect(code).toMatch(/^\d{8}$/);
  await page.getByRole("link", { name: "Buka koperasi" }).click();
  await expect(await status(page)).toHaveText("Draf");
  // Only the chair edits and submits the profile.
  await expect(page.getByTestId("edit-profile")).toHaveCount(0);
  await app.signOut();

  // The chair activates the account with the code and completes the profile.
  await app.open("/masuk/aktivasi");
  await page.getByTestId("input-phone").fill("0812 5555 6666");
  await page.getByTestId("input-code").fill(code);
  await page.getByTestId("input-password").fill("citeureup-maju-1");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("greeting")).toHaveText("Halo, Dadang Suherman");
  await openCooperative(app, "Koperasi Desa Merah Putih Citeureup");
  await page.getByTestId("edit-profile").click();
  await page.getByTestId("input-established_on").fill("2026-03-02");
  await page.getByTestId("input-legal_entity_date").fill("2026-02-01");
  await page.getByTestId("input-email").fill("koperasi citeureup");
  await page.getByTestId("save-profile").click();
  await expect(page.getByTestId("error-legal_entity_date")).toHaveText(
    "Tanggal badan hukum tidak boleh sebelum koperasi berdiri.",
  );
  await expect(page.getByTestId("error-email")).toHaveText("Tulis alamat email seperti nama@contoh.id.");
  await page.getByTestId("input-legal_entity_date").fill("2026-04-15");
  await page.getByTestId("input-email").fill("kopdes.citeureup@contoh.id");
  await page.getByTestId("input-legal_entity_number").fill("AHU-0012345.AH.01.29.TAHUN 2026");
  await page.getByTestId("save-profile").click();
  await expect(page.getByTestId("profile")).toContainText("15 Apr 2026");
  await expect(page.getByTestId("profile")).toContainText("kopdes.citeureup@contoh.id");
  // What the office needs and is still empty is named before anything can be sent.
  await expect(page.getByTestId("submit-profile")).toHaveCount(0);
  await expect(page.getByTestId("missing-fields").locator("li")).toHaveText(["Alamat", "Nomor HP koperasi"]);
  await page.getByTestId("edit-profile").click();
  await page.getByTestId("input-address").fill("Citeureup");
  await page.getByTestId("input-phone").fill("0812 5555 6666");
  await page.getByTestId("save-profile").click();
  await expect(page.getByTestId("missing-fields")).toHaveCount(0);
  await page.getByTestId("submit-profile").click();
  await expect(await status(page)).toHaveText("Menunggu verifikasi dinas");
  await expect(page.getByTestId("edit-profile")).toHaveCount(0);
  await app.signOut();

  // The office returns it with reasons on several lines, which the chair then reads as written.
  await app.signIn(DINAS_BANDUNG);
  await openCooperative(app, "Koperasi Desa Merah Putih Citeureup");
  await page.getByTestId("return").click();
  await expect(page.getByTestId("error-reasons")).toHaveText("Wajib diisi.");
  await page.getByTestId("input-reasons").fill("Alamat kantor kurang lengkap.\nTulis jalan, nomor, RT/RW dan kecamatan.");
  await page.getByTestId("return").click();
  await expect(await status(page)).toHaveText("Dikembalikan untuk diperbaiki");
  await expect(page.getByTestId("return-reasons")).toContainText("Alamat kantor kurang lengkap.");
  await app.signOut();

  await app.signIn("0812 5555 6666", "citeureup-maju-1");
  await openCooperative(app, "Koperasi Desa Merah Putih Citeureup");
  expect(await page.getByTestId("return-reasons").locator(".multiline").innerText()).toBe(
    "Alamat kantor kurang lengkap.\nTulis jalan, nomor, RT/RW dan kecamatan.",
  );
  await page.getByTestId("edit-profile").click();
  await page.getByTestId("input-address").fill("Jl. Citeureup No. 1 RT 02/05, Dayeuhkolot");
  await page.getByTestId("save-profile").click();
  await expect(page.getByTestId("profile")).toContainText("Jl. Citeureup No. 1 RT 02/05, Dayeuhkolot");
  await page.getByTestId("submit-profile").click();
  await expect(await status(page)).toHaveText("Menunggu verifikasi dinas");
  await app.signOut();

  await app.signIn(DINAS_BANDUNG);
  await openCooperative(app, "Koperasi Desa Merah Putih Citeureup");
  await app.switchLanguage("en");
  // Verifying asks first: a stray tap changes nothing.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByTestId("verify").click();
  await expect(await status(page)).toHaveText("Waiting for the district office to verify");
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Koperasi Desa Merah Putih Citeureup");
    void dialog.accept();
  });
  await page.getByTestId("verify").click();
  await expect(await status(page)).toHaveText("Verified");
  await expect(page.getByTestId("verification")).toHaveCount(0);
  // The return and its reasons stay in the history after verification.
  const steps = page.getByTestId("history-step");
  await expect(steps).toHaveCount(5);
  await expect(steps.first()).toHaveAttribute("data-step", "verified");
  await expect(steps.nth(2)).toHaveAttribute("data-step", "returned");
  await expect(steps.nth(2).getByTestId("history-reasons")).toContainText("RT/RW dan kecamatan.");
});

test("an admin of another province neither sees the cooperative nor can register in Bandung", async ({ app }) => {
  await app.signIn("0811-3300-0001");
  await app.page.getByTestId("nav-cooperatives").click();
  await expect(app.page.getByTestId("cooperative").first()).toBeVisible();
  await expect(app.page.getByText("Koperasi Desa Merah Putih Cangkuang Wetan")).toHaveCount(0);
  await app.page.getByTestId("register-cooperative").click();
  // Jawa Tengah is fixed for this admin: Bandung is not on offer at all.
  await expect(app.page.getByTestId("region-province")).toHaveValue("33");
  await expect(app.page.getByTestId("region-regency").locator("option", { hasText: "Kabupaten Bandung" })).toHaveCount(0);
});

test("the region picker and the cooperative pages keep working offline for what was opened", async ({ app, context }) => {
  const page = app.page;
  await app.signIn(DINAS_BANDUNG);
  await app.waitUntilOfflineReady();
  await openCooperative(app, "Koperasi Desa Merah Putih Cangkuang Wetan");
  await page.getByRole("link", { name: "Anggota", exact: true }).click();
  await expect(page.getByTestId("member-total")).toHaveText("8 anggota");
  await page.getByTestId("nav-cooperatives").click();
  await page.getByTestId("register-cooperative").click();
  await page.getByTestId("region-district").selectOption({ label: "Dayeuhkolot" });
  await expect(page.getByTestId("region-village").locator("option")).toHaveCount(7);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("region-regency")).toHaveValue("32.04");
  await page.getByTestId("region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("region-village").selectOption({ label: "Sukapura" });
  // A district never opened is not on the phone: said plainly, with a way to try again.
  await page.getByTestId("region-district").selectOption({ label: "Baleendah" });
  await expect(page.getByTestId("region-failed")).toContainText("belum tersimpan di ponsel");

  await page.getByTestId("nav-cooperatives").click();
  await expect(page.getByTestId("kept-notice")).toContainText("belum bisa diperbarui dari server");
  await page.getByRole("link", { name: "Koperasi Desa Merah Putih Cangkuang Wetan" }).click();
  await expect(page.getByTestId("cooperative-status")).toHaveText("Terverifikasi");
  await expect(page.getByTestId("kept-notice")).toBeVisible();
  await page.getByRole("link", { name: "Anggota", exact: true }).click();
  await expect(page.getByTestId("member-total")).toHaveText("8 anggota");
  await expect(page.getByTestId("kept-notice")).toBeVisible();

  // Signing out leaves none of it on the phone for the next person; the region tree stays.
  await context.setOffline(false);
  const keptKeys = () =>
    page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open("kopdes");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction("kept").objectStore("kept").getAllKeys();
            all.onsuccess = () => {
              resolve((all.result as string[]).map((k) => k.split("\u0001")[0]));
              open.result.close();
            };
          };
        }),
    );
  expect((await keptKeys()).filter((p) => p !== "public").length).toBeGreaterThan(2);
  await app.signOut();
  // Left: the two region branches opened (Kabupaten Bandung and Dayeuhkolot), shared by all.
  await expect.poll(keptKeys).toEqual(["public", "public"]);
  // The next person's phone holds only what their own sync pulled: their cooperative, but not
  // the member list the dinas admin had opened.
  await app.signIn("0812-3204-1201");
  await expect.poll(keptKeys).toEqual(["public", "public"]);
  // The chair's own sync has pulled their cooperative (the engine runs once the session is kept).
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open("kopdes");
        open.onsuccess = () => {
          const tx = open.result.transaction(["records", "settings"]);
          const me = tx.objectStore("settings").get("me");
          const records = tx.objectStore("records").getAll();
          tx.oncomplete = () => {
            const id = typeof me.result === "string" ? JSON.parse(me.result).id : null;
            resolve(records.result.some((r: { account: string; kind: string }) => r.account === id && r.kind === "cooperative"));
            open.result.close();
          };
        };
      }),
  );
  await context.setOffline(true);
  await page.getByTestId("nav-cooperatives").click();
  await page.getByRole("link", { name: "Koperasi Desa Merah Putih Cangkuang Wetan" }).click();
  await expect(page.getByTestId("kept-notice")).toBeVisible();
  await page.getByRole("link", { name: "Anggota", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("belum bisa dimuat");
});

test("a profile changed by someone else meanwhile: both versions side by side, the chair's choice is sent", async ({ app, server }) => {
  const page = app.page;
  const HUTANAMORA = "Koperasi Desa Merah Putih Hutanamora";
  await app.signIn("0812-1212-0101");
  await openCooperative(app, HUTANAMORA);
  await expect(await status(page)).toHaveText("Draf");
  await page.getByTestId("edit-profile").click();
  await page.getByTestId("input-address").fill("Jl. Sisingamangaraja No. 5, Hutanamora");

  // Meanwhile the same profile is saved from another phone.
  const { api, cookie } = await apiAs(server.url, "0812-1212-0101");
  const [before] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const other = await api.put(`/api/cooperatives/${before.id}`, {
    headers: { cookie },
    data: {
      version: before.version,
      name: before.name,
      address: "Jl. Lama No. 1",
      established_on: before.established_on,
      nik_koperasi: "1212010001",
    },
  });
  expect(other.status()).toBe(200);

  await page.getByTestId("save-profile").click();
  const conflict = page.getByTestId("conflict");
  await expect(conflict).toBeVisible();
  // Only the fields that differ are asked about, each with both entries.
  await expect(conflict.getByTestId("conflict-address")).toContainText("Jl. Sisingamangaraja No. 5, Hutanamora");
  await expect(conflict.getByTestId("conflict-address")).toContainText("Jl. Lama No. 1");
  await expect(conflict.getByTestId("conflict-nik_koperasi")).toContainText("1212010001");
  await expect(conflict.getByTestId("conflict-name")).toHaveCount(0);
  await app.switchLanguage("en");
  await expect(conflict).toContainText("Someone else changed the profile");
  await app.switchLanguage("id");
  await conflict.getByTestId("conflict-nik_koperasi").getByTestId("take-server").check();
  await conflict.getByTestId("keep-choice").click();

  await expect(page.getByTestId("conflict")).toHaveCount(0);
  await expect(page.getByTestId("queued-note")).toHaveCount(0);
  const after = await (await api.get(`/api/cooperatives/${before.id}`, { headers: { cookie } })).json();
  expect(after.address).toBe("Jl. Sisingamangaraja No. 5, Hutanamora");
  expect(after.nik_koperasi).toBe("1212010001");
  expect(after.version).toBe(before.version + 2);
  await api.dispose();
  await expect(page.getByTestId("profile")).toContainText("1212010001");
});
