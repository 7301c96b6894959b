import { expect, test } from "../support/fixtures";
import { AppPage } from "../support/app-page";

// A real deployment: no demo data, nobody can sign in until the operator makes the first
// ministry admin on the command line (README, "Starting a real deployment").
test.use({ demo: false });

const MINISTRY = { name: "Budi Santoso", phone: "0811 9000 0001", password: "menteri-koperasi-2026" };
const DINAS = { name: "Rina Wulandari", phone: "0811 9032 0001", password: "dinas-jabar-2026" };
const KETUA = { name: "Dadang Suherman", phone: "0812 9032 0001", password: "koperasi-maju-2026" };

function codeIn(output: string): string {
  const match = output.match(/activation code: (\d{8})/);
  if (!match) throw new Error(`no code in: ${output}`);
  return match[1];
}

async function activate(app: AppPage, phone: string, code: string, password: string) {
  await app.open("/masuk/aktivasi");
  await app.page.getByTestId("input-phone").fill(phone);
  await app.page.getByTestId("input-code").fill(code);
  await app.page.getByTestId("input-password").fill(password);
  await app.page.getByTestId("submit").click();
}

test("from an empty deployment: the operator makes the ministry admin, who appoints a dinas admin, who registers a cooperative whose chair activates", async ({ app, server }) => {
  const page = app.page;
  // Nobody exists: the demo accounts do not.
  await app.open("/masuk");
  await page.getByTestId("input-phone").fill("0811-0000-0001");
  await page.getByTestId("input-password").fill("kopdes-demo-2026");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("form-error")).toBeVisible();

  const created = server.command([
    "admin", "create-ministry-admin", "--name", MINISTRY.name, "--phone", MINISTRY.phone,
  ]);
  await activate(app, MINISTRY.phone, codeIn(created), MINISTRY.password);
  // An admin's home is their work, not the welcome screen.
  await expect(page).toHaveURL(/\/koperasi\/dasbor$/);
  await expect(page.getByTestId("work-card")).toBeVisible();
  await expect(page.getByTestId("work-awaiting")).toHaveText("Tidak ada yang menunggu verifikasi.");
  await expect(page.getByTestId("roles")).toHaveText("Admin kementerian");

  await page.getByTestId("go-staff").click();
  await expect(page.getByTestId("staff-total")).toHaveText("1–1 / 1 petugas");
  const form = page.getByTestId("appoint-staff-form");
  await form.getByTestId("appoint-staff").click();
  await expect(form.getByTestId("error-name")).toHaveText("Wajib diisi.");
  await form.getByTestId("input-name").fill(DINAS.name);
  await form.getByTestId("input-phone").fill(DINAS.phone);
  await form.getByTestId("staff-region-province").selectOption({ label: "Jawa Barat" });
  await form.getByTestId("appoint-staff").click();
  const dinasCode = (await form.getByTestId("staff-appointed-code").textContent()) ?? "";
  expect(dinasCode).toMatch(/^\d{8}$/);
  const rina = page.getByTestId("staff-member").filter({ hasText: DINAS.name });
  await expect(rina).toContainText("Admin dinas · Jawa Barat");
  await expect(rina).toHaveAttribute("data-state", "Belum aktivasi");
  await app.signOut();

  await activate(app, DINAS.phone, dinasCode, DINAS.password);
  await expect(page).toHaveURL(/\/koperasi\/dasbor$/);
  await expect(page.getByTestId("roles")).toHaveText("Admin dinas · Jawa Barat");
  await page.getByTestId("go-register").click();
  await expect(page.getByTestId("region-province")).toHaveValue("32");
  await page.getByTestId("region-regency").selectOption({ label: "Kabupaten Bandung" });
  await page.getByTestId("region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("region-village").selectOption({ label: "Citeureup" });
  await page.getByTestId("scheme-baru").check();
  await page.getByTestId("input-name").fill("Koperasi Desa Merah Putih Citeureup");
  await page.getByTestId("input-ketua_name").fill(KETUA.name);
  await page.getByTestId("input-ketua_phone").fill(KETUA.phone);
  await page.getByTestId("submit").click();
  const ketuaCode = (await page.getByTestId("activation-code").textContent()) ?? "";
  expect(ketuaCode).toMatch(/^\d{8}$/);
  await app.signOut();

  await activate(app, KETUA.phone, ketuaCode, KETUA.password);
  await expect(page.getByTestId("greeting")).toHaveText(`Halo, ${KETUA.name}`);
  await expect(page.getByTestId("roles")).toContainText("Pengurus · Koperasi Desa Merah Putih Citeureup");
  // The chair's home is the welcome page, not an admin's.
  await expect(page.getByTestId("home-title")).toBeVisible();
  await expect(page.getByTestId("work-card")).toHaveCount(0);

  // The ministry admin, back at work, sees the new admin active and a draft waiting.
  const listed = server.command(["admin", "list-staff"]);
  expect(listed).toContain("Rina Wulandari");
  expect(listed).toMatch(/Jawa Barat\s+active/);
});
