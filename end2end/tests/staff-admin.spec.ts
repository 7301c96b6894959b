import { expect, test } from "../support/fixtures";
import { AppPage } from "../support/app-page";

const MINISTRY = "0811-0000-0001";
const WEST_JAVA = "0811-3200-0001";
const CENTRAL_JAVA = "0811-3300-0001";

test("the ministry disables a province admin, whose open session ends at once, and reads it in the audit trail", async ({ app, browser, server }) => {
  // The province admin is at work on another phone.
  const otherPhone = await browser.newContext();
  const theirs = new AppPage(await otherPhone.newPage(), server.url);
  await theirs.signIn(WEST_JAVA);
  await expect(theirs.page).toHaveURL(/\/koperasi\/dasbor$/);
  await expect(theirs.page.getByTestId("roles")).toHaveText("Admin dinas · Jawa Barat");

  const page = app.page;
  await app.signIn(MINISTRY);
  await expect(page).toHaveURL(/\/koperasi\/dasbor$/);
  await page.getByTestId("go-staff").click();
  await page.getByTestId("staff-search").fill("jawa barat");
  await page.getByTestId("staff-search").press("Enter");
  const row = page.getByTestId("staff-member").filter({ hasText: "Dinas Koperasi Jawa Barat" });
  await expect(row).toContainText("Admin dinas · Jawa Barat");
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("Nonaktifkan akun Dinas Koperasi Jawa Barat?");
    void dialog.accept();
  });
  await row.getByTestId("staff-disable").click();
  await expect(row).toHaveAttribute("data-state", "Dinonaktifkan");

  // Their next request is refused: the phone asks them to sign in again.
  await theirs.page.getByTestId("go-staff").click();
  await expect(theirs.page.getByTestId("session-expired")).toBeVisible();
  await otherPhone.close();

  await row.getByTestId("staff-history").click();
  await expect(page.getByTestId("audit-entry").first()).toHaveAttribute("data-action", "account.disabled");
  await expect(page.getByTestId("audit-entry").first()).toContainText("Admin Kementerian");
});

test("a province admin returns a cooperative and finds the reasons in its history; the trail filters by what and who", async ({ app }) => {
  const page = app.page;
  await app.signIn(CENTRAL_JAVA);
  await page.getByTestId("nav-cooperatives").click();
  await page.getByRole("link", { name: "Koperasi Desa Merah Putih Tambakreja" }).click();
  await page.getByTestId("input-reasons").fill("Alamat kantor belum lengkap.");
  await page.getByTestId("return").click();
  await expect(page.getByTestId("return-reasons")).toContainText("Alamat kantor belum lengkap.");

  await page.getByTestId("audit-link").click();
  const entries = page.getByTestId("audit-entry");
  await expect(entries.first()).toHaveAttribute("data-action", "cooperative.returned");
  await expect(entries.first().getByTestId("audit-reasons")).toHaveText("Alasan: Alamat kantor belum lengkap.");

  // Across the province: filtered by what, then by someone who did nothing here.
  await page.goto(`${app.baseUrl}/koperasi/dasbor/jejak`);
  await page.getByTestId("audit-action").selectOption({ label: "Koperasi" });
  await page.getByTestId("audit-show").click();
  await expect(entries.first()).toHaveAttribute("data-action", "cooperative.returned");
  await page.getByTestId("audit-who").fill("Jawa Barat");
  await page.getByTestId("audit-show").click();
  await expect(page.getByTestId("audit-none")).toBeVisible();
});
