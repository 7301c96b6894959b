import { expect, test } from "../support/fixtures";

const DINAS_JATENG = "0811-3300-0001";
const MINISTRY = "0811-0000-0001";

test("a dinas admin works through the verification queue from the home page", async ({ app }) => {
  const page = app.page;
  await app.signIn(DINAS_JATENG);
  await expect(page.getByTestId("work-awaiting")).toContainText("1 koperasi menunggu verifikasi");
  await page.getByTestId("go-queue").click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Antrean verifikasi");
  await expect(page.getByTestId("registry-total")).toHaveAttribute("data-total", "1");
  const rows = page.getByTestId("registry-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-status", "submitted");
  await expect(rows.first()).toContainText("Tambakreja, Kabupaten Cilacap");
  await expect(rows.first()).toContainText("diajukan");
  await rows.first().getByRole("link").click();

  await expect(page.getByTestId("cooperative-scheme")).toHaveText("Skema: Pengembangan");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("verify").click();
  await expect(page.getByTestId("cooperative-status")).toHaveText("Terverifikasi");

  // Back in the queue, nothing waits any more.
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Antrean verifikasi");
  await expect(page.getByTestId("registry-none")).toBeVisible();
  await expect(page.getByTestId("registry-total")).toHaveAttribute("data-total", "0");
  await page.getByTestId("open-all").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Daftar koperasi");
  await expect(page.getByTestId("registry-row")).toHaveCount(1);
  await expect(page.getByTestId("registry-row").first()).toHaveAttribute("data-status", "verified");
});

test("the ministry searches, filters and narrows the registry, and a reload keeps what it chose", async ({ app }) => {
  const page = app.page;
  await app.signIn(MINISTRY);
  await app.open("/koperasi/dasbor/daftar");
  const total = page.getByTestId("registry-total");
  const rows = page.getByTestId("registry-row");
  await expect(total).toHaveAttribute("data-total", "4");

  await page.getByTestId("registry-q").fill("TAMBAKREJA");
  await page.getByTestId("registry-search").click();
  await expect(total).toHaveAttribute("data-total", "1");
  await expect(rows.first()).toContainText("Koperasi Desa Merah Putih Tambakreja");

  await page.getByTestId("registry-q").fill("");
  await page.getByTestId("registry-search").click();
  await page.getByTestId("registry-filters").locator("summary").click();
  await page.getByTestId("registry-status").selectOption("returned");
  await expect(total).toHaveAttribute("data-total", "1");
  await expect(rows.first()).toContainText("Batubulan");
  await expect(rows.first()).toHaveAttribute("data-status", "returned");

  await page.getByTestId("registry-status").selectOption("");
  await page.getByTestId("registry-scheme").selectOption("baru");
  await expect(total).toHaveAttribute("data-total", "2");
  await page.getByTestId("registry-scheme").selectOption("");
  await page.getByTestId("registry-sort").selectOption("oldest_submitted");
  await expect(total).toHaveAttribute("data-total", "4");
  // Never-submitted records come last in queue order.
  await expect(rows.last()).toHaveAttribute("data-status", "draft");

  // A region narrows the list to it; the address carries every choice through a reload.
  await page.getByTestId("registry-region-province").selectOption({ label: "Jawa Barat" });
  await page.getByTestId("registry-region-regency").selectOption({ label: "Kabupaten Bandung" });
  await expect(total).toHaveAttribute("data-total", "1");
  await expect(rows.first()).toContainText("Cangkuang Wetan");
  await expect(page).toHaveURL(/region=32\.04/);
  await page.reload();
  await expect(total).toHaveAttribute("data-total", "1");
  await expect(page.getByTestId("registry-filters").locator("summary")).toContainText("Terlama diajukan");
  await page.getByTestId("registry-filters").locator("summary").click();
  await expect(page.getByTestId("registry-sort")).toHaveValue("oldest_submitted");
  await expect(page.getByTestId("registry-region")).toHaveText("32.04");

  await app.switchLanguage("en");
  await expect(total).toContainText("1 cooperatives");
});
