import { expect, test } from "../support/fixtures";
import { AppPage } from "../support/app-page";

const KETUA = "0812-3204-1201";
const PENGAWAS = "0812-3204-1203";
const MEMBER_WITH_ACCOUNT = "0813-2004-1202";
const DINAS_BANDUNG = "0811-3204-0001";
const COOPERATIVE = "Koperasi Desa Merah Putih Cangkuang Wetan";

async function openSection(app: AppPage, section: "Pengurus dan pengawas" | "Gerai usaha") {
  await app.page.getByTestId("nav-cooperatives").click();
  await app.page.getByRole("link", { name: COOPERATIVE }).click();
  await app.page.getByRole("link", { name: section }).click();
}

test("the chair appoints a secretary within the term rules, ends a term and reissues a code", async ({ app }) => {
  const page = app.page;
  await app.signIn(KETUA);
  await openSection(app, "Pengurus dan pengawas");
  const officers = page.getByTestId("officer");
  await expect(officers).toHaveCount(3);

  await page.getByTestId("input-name").fill("Rina Marlina");
  await page.getByTestId("input-phone").fill("0812 9999 0001");
  await page.getByTestId("input-organ").selectOption("pengawas");
  await page.getByTestId("input-position").selectOption("bendahara");
  await page.getByTestId("input-term_start").fill("2026-01-01");
  await page.getByTestId("input-term_end").fill("2031-01-02");
  await page.getByTestId("appoint").click();
  await expect(page.getByTestId("error-position")).toHaveText("Pengawas hanya punya ketua dan anggota.");
  await expect(page.getByTestId("error-term_end")).toHaveText("Masa jabatan paling lama 5 tahun.");

  // One chair at a time: the server says so, next to the position.
  await page.getByTestId("input-organ").selectOption("pengurus");
  await page.getByTestId("input-position").selectOption("ketua");
  await page.getByTestId("input-term_end").fill("2031-01-01");
  await page.getByTestId("appoint").click();
  await expect(page.getByTestId("error-position")).toHaveText(
    "Koperasi ini sudah punya ketua. Akhiri dulu jabatan ketua sebelumnya.",
  );

  await page.getByTestId("input-position").selectOption("sekretaris");
  await page.getByTestId("appoint").click();
  await expect(page.getByTestId("appointed-code")).toHaveText(/^\d{8}$/);
  await expect(officers).toHaveCount(4);
  const rina = officers.filter({ hasText: "Rina Marlina" });
  await expect(rina).toContainText("Sekretaris · Pengurus");
  await expect(rina).toContainText("1 Jan 2026 – 1 Jan 2031");

  // Ending a term asks first; declining changes nothing.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toBe("Akhiri jabatan Rina Marlina hari ini? Ini tidak bisa dibatalkan.");
    void dialog.dismiss();
  });
  await rina.getByTestId("end-term").click();
  await expect(rina).toHaveAttribute("data-current", "true");
  page.once("dialog", (dialog) => void dialog.accept());
  await rina.getByTestId("end-term").click();
  await expect(rina).toHaveAttribute("data-current", "false");
  await expect(rina).toContainText("Berhenti");

  // A phone that already has an account (a member's) is not taken silently: the chair confirms
  // it is the person meant, and gets no code for that account.
  await page.getByTestId("input-name").fill("Dadang Sutisna");
  await page.getByTestId("input-phone").fill(MEMBER_WITH_ACCOUNT);
  await page.getByTestId("input-organ").selectOption("pengawas");
  await page.getByTestId("input-position").selectOption("anggota");
  await page.getByTestId("appoint").click();
  await expect(page.getByTestId("error-phone")).toContainText("Nomor ini sudah punya akun di Si Kopdes.");
  const confirm = page.getByTestId("confirm-existing-account");
  await expect(confirm).toContainText("Saya sudah memastikan nomor ini milik Dadang Sutisna.");
  await confirm.getByRole("checkbox").check();
  await page.getByTestId("appoint").click();
  await expect(officers).toHaveCount(5);
  await expect(officers.filter({ hasText: "Dadang Sutisna" })).toContainText("Anggota · Pengawas");
  await expect(page.getByTestId("appointed-code")).toHaveCount(0);

  // A fellow pengurus who uses their account is reset only by the dinas, never by a peer.
  const bendahara = officers.filter({ hasText: "Asep Saepudin" });
  await bendahara.getByTestId("new-code").click();
  await expect(page.getByTestId("action-error")).toContainText("Minta admin dinas di atas Anda");
  await expect(bendahara.getByTestId("officer-code")).toHaveCount(0);

  // The person named sees who appointed them in their account's history.
  await app.signOut();
  await app.signIn(MEMBER_WITH_ACCOUNT);
  await app.open("/saya/kata-sandi");
  await expect(page.getByTestId("account-history").locator('li[data-action="account.appointed"]')).toContainText(
    "mengangkat Anda sebagai pengurus atau pengawas koperasi",
  );
});

test("the regency's dinas admin gives a fellow officer's account a new code", async ({ app }) => {
  await app.signIn(DINAS_BANDUNG);
  await openSection(app, "Pengurus dan pengawas");
  const bendahara = app.page.getByTestId("officer").filter({ hasText: "Asep Saepudin" });
  await bendahara.getByTestId("new-code").click();
  await expect(bendahara.getByTestId("officer-code")).toHaveText(/^\d{8}$/);
});

test("a supervisor reads the officers and units but changes nothing", async ({ app }) => {
  await app.signIn(PENGAWAS);
  await openSection(app, "Pengurus dan pengawas");
  await expect(app.page.getByTestId("officer")).toHaveCount(3);
  await expect(app.page.getByTestId("end-term")).toHaveCount(0);
  await expect(app.page.getByTestId("new-code")).toHaveCount(0);
  await expect(app.page.getByTestId("appoint-form")).toHaveCount(0);
  await app.page.getByRole("link", { name: "Kembali ke koperasi" }).click();
  await app.page.getByRole("link", { name: "Gerai usaha" }).click();
  await expect(app.page.getByTestId("unit")).toHaveCount(4);
  await expect(app.page.getByTestId("edit-unit")).toHaveCount(0);
  await expect(app.page.getByTestId("add-unit")).toHaveCount(0);
});

test("the chair adds a business unit with a KBLI code of its kind and edits another", async ({ app }) => {
  const page = app.page;
  await app.signIn(KETUA);
  await openSection(app, "Gerai usaha");
  const units = page.getByTestId("unit");
  await expect(units).toHaveCount(4);
  await page.getByTestId("add-unit").click();
  await page.getByTestId("input-kind").selectOption("klinik");
  await expect(page.getByTestId("input-kbli").locator("option")).toHaveCount(4);
  await page.getByTestId("input-kbli").selectOption("86103");
  await page.getByTestId("input-name").fill("Klinik Desa Cangkuang Wetan");
  await page.getByTestId("input-status").selectOption("operating");
  await page.getByTestId("save-unit").click();
  await expect(page.getByTestId("error-opened_on")).toHaveText("Wajib diisi.");

  // "Other" takes any well-formed code, typed.
  await page.getByTestId("input-kind").selectOption("other");
  await page.getByTestId("input-kbli").fill("12");
  await page.getByTestId("input-opened_on").fill("2026-08-17");
  await page.getByTestId("save-unit").click();
  await expect(page.getByTestId("error-kbli")).toHaveText("Kode KBLI terdiri dari 5 angka.");
  await page.getByTestId("input-kind").selectOption("klinik");
  await page.getByTestId("input-kbli").selectOption("86103");
  await page.getByTestId("save-unit").click();

  await expect(units).toHaveCount(5);
  const klinik = units.filter({ hasText: "Klinik Desa Cangkuang Wetan" });
  await expect(klinik).toContainText("Klinik desa · KBLI 86103");
  await expect(klinik.getByTestId("unit-status")).toHaveText("Beroperasi · Buka sejak 17 Agu 2026");

  // The demo's pharmacy opens: its state and opening date change, nothing else.
  const apotek = units.filter({ hasText: "Apotek Desa Cangkuang Wetan" });
  await expect(apotek.getByTestId("unit-status")).toHaveText("Persiapan");
  await apotek.getByTestId("edit-unit").click();
  await expect(page.getByTestId("input-name")).toHaveValue("Apotek Desa Cangkuang Wetan");
  await expect(page.getByTestId("input-kbli")).toHaveValue("47721");
  await page.getByTestId("input-status").selectOption("operating");
  await page.getByTestId("input-opened_on").fill("2026-11-02");
  await page.getByTestId("save-unit").click();
  await expect(units).toHaveCount(5);
  await app.switchLanguage("en");
  await expect(apotek).toContainText("Village pharmacy · KBLI 47721");
  await expect(apotek.getByTestId("unit-status")).toHaveText("Operating · Open since 2 Nov 2026");
});
