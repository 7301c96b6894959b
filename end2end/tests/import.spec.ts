import { APIRequestContext, Page, request as playwrightRequest } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expect, test } from "../support/fixtures";

const DINAS_JABAR = "0811-3200-0001";
const HEADINGS = "provinsi;kabupaten_kota;kecamatan;desa_kelurahan;kode_desa;nama_koperasi;skema;nama_ketua;hp_ketua";

function csv(rows: string[]): Buffer {
  return Buffer.from([HEADINGS, ...rows].join("\r\n") + "\r\n", "utf8");
}

async function chooseAndCheck(page: Page, name: string, file: Buffer) {
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: file });
  await page.getByTestId("import-check").click();
  await expect(page.getByTestId("import-summary")).toBeVisible();
}

async function count(page: Page, what: "new" | "unchanged" | "invalid") {
  return page.getByTestId(`import-${what}`);
}

test("a dinas admin checks a file, downloads the report, imports the good rows, fixes the rest and imports the same file again", async ({ app }) => {
  const page = app.page;
  await app.signIn(DINAS_JABAR);
  await app.open("/koperasi/dasbor/daftar");
  await page.getByTestId("open-import").click();

  const first = csv([
    "Jawa Barat;Kab. Bandung;Dayeuhkolot;Citeureup;;Koperasi Desa Merah Putih Citeureup;baru;Dadang Suherman;0812 5555 6666",
    "Jawa Barat;Bandung;Dayeuhkolot;Sukapura;;Koperasi Desa Merah Putih Sukapura;baru;Iis Rohimah;0812 5555 7777",
    ";;;;32.04.12.2003;Koperasi Desa Merah Putih Cangkuang Wetan;baru;Hj. Euis Rohaeti;0812 3204 1201",
    ";;;;32.04.12.2002;Koperasi Desa Merah Putih Dayeuhkolot;revitalisasi;Ujang;12",
  ]);
  await chooseAndCheck(page, "koperasi.csv", first);
  await expect(await count(page, "new")).toHaveAttribute("data-count", "1");
  await expect(await count(page, "unchanged")).toHaveAttribute("data-count", "1");
  await expect(await count(page, "invalid")).toHaveAttribute("data-count", "2");
  // "Bandung" is two places: named, with both offered, never guessed.
  const ambiguous = page.locator('[data-testid="import-problem"][data-line="3"]');
  await expect(ambiguous).toContainText("kabupaten_kota: Ada beberapa wilayah dengan nama ini.");
  await expect(ambiguous.getByTestId("import-suggestions")).toContainText("Kabupaten Bandung (32.04), Kota Bandung (32.73)");
  await expect(page.locator('[data-testid="import-problem"][data-line="5"]')).toContainText("hp_ketua: Tulis nomor HP");

  // The report: every row beside what is wrong with it, to fix the file from.
  const report = page.waitForEvent("download");
  await page.getByTestId("report-csv").click();
  const saved = await report;
  expect(saved.suggestedFilename()).toBe("laporan-impor-cooperatives.csv");
  const text = readFileSync((await saved.path())!, "utf8");
  expect(text.split("\r\n")[0]).toBe(`\ufeff${HEADINGS.replaceAll(";", ",")},hasil,kesalahan,saran`);
  expect(text).toContain("Sudah ada, tidak diubah");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("import-apply").click();
  await expect(page.getByTestId("import-summary")).toHaveAttribute("data-applied", "true");
  await expect(await count(page, "new")).toHaveAttribute("data-count", "1");
  await expect(page.getByTestId("handover-row")).toHaveCount(1);
  await expect(page.getByTestId("handover-code")).toHaveText(/^\d{8}$/);
  const sheet = page.waitForEvent("download");
  await page.getByTestId("handover-csv").click();
  const code = await page.getByTestId("handover-code").textContent();
  expect(readFileSync((await (await sheet).path())!, "utf8")).toContain(`,${code}\r\n`);

  // The two rows fixed, the whole file again: only they are added.
  const fixed = csv([
    "Jawa Barat;Kab. Bandung;Dayeuhkolot;Citeureup;;Koperasi Desa Merah Putih Citeureup;baru;Dadang Suherman;0812 5555 6666",
    "Jawa Barat;Kabupaten Bandung;Dayeuhkolot;Sukapura;;Koperasi Desa Merah Putih Sukapura;baru;Iis Rohimah;0812 5555 7777",
    ";;;;32.04.12.2003;Koperasi Desa Merah Putih Cangkuang Wetan;baru;Hj. Euis Rohaeti;0812 3204 1201",
    ";;;;32.04.12.2002;Koperasi Desa Merah Putih Dayeuhkolot;revitalisasi;Ujang;0812 4444 5555",
  ]);
  await chooseAndCheck(page, "koperasi-perbaikan.csv", fixed);
  await expect(await count(page, "new")).toHaveAttribute("data-count", "2");
  await expect(await count(page, "unchanged")).toHaveAttribute("data-count", "2");
  await expect(await count(page, "invalid")).toHaveAttribute("data-count", "0");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("import-apply").click();
  await expect(page.getByTestId("handover-row")).toHaveCount(2);

  // Every cooperative of the district, by the start of its code.
  await app.open("/koperasi/dasbor/daftar?q=32.04.12");
  await expect(page.getByTestId("registry-total")).toHaveAttribute("data-total", "4");
});

/** The first `wanted` village codes of a province, walking the public region tree. */
async function villages(api: APIRequestContext, province: string, wanted: number): Promise<string[]> {
  const children = async (code: string) =>
    ((await (await api.get(`/api/regions/${code}`)).json()).children as { code: string }[]).map((c) => c.code);
  const found: string[] = [];
  for (const regency of await children(province)) {
    for (const district of await children(regency)) {
      found.push(...(await children(district)));
      if (found.length >= wanted) return found.slice(0, wanted);
    }
  }
  return found;
}

test("600 cooperatives imported into a province are searched, filtered and paged without a cap", async ({ app, server }) => {
  const api = await playwrightRequest.newContext({ baseURL: server.url });
  const codes = await villages(api, "32", 600);
  expect(codes).toHaveLength(600);
  const rows = codes.map((code, i) =>
    `;;;;${code};Koperasi Desa Merah Putih Uji ${String(i + 1).padStart(3, "0")};${["baru", "pengembangan", "revitalisasi"][i % 3]};Ketua ${i + 1};0819 ${String(10000000 + i).slice(0, 4)} ${String(10000000 + i).slice(4)}`,
  );
  const page = app.page;
  await app.signIn(DINAS_JABAR);
  await app.open("/koperasi/dasbor/impor");
  await chooseAndCheck(page, "jabar-600.csv", csv(rows));
  // Demo data already has a cooperative in one of these villages, under another name.
  const fresh = Number(await (await count(page, "new")).getAttribute("data-count"));
  expect(fresh).toBeGreaterThanOrEqual(599);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("import-apply").click();
  await expect(page.getByTestId("handover-row")).toHaveCount(fresh);

  await app.open("/koperasi/dasbor/daftar");
  const total = page.getByTestId("registry-total");
  const all = fresh + 1;
  await expect(total).toHaveAttribute("data-total", String(all));
  await expect(page.getByTestId("registry-row")).toHaveCount(25);
  await page.getByTestId("registry-next").click();
  await expect(total).toContainText(`26–50 dari ${all.toLocaleString("id-ID")}`);
  await page.getByTestId("registry-next").click();
  await expect(total).toContainText("51–75");
  await page.getByTestId("registry-previous").click();
  await expect(total).toContainText("26–50");

  // The last page is reachable: no silent cap at 500.
  await app.open(`/koperasi/dasbor/daftar?sort=village&offset=${all - 1}`);
  await expect(page.getByTestId("registry-row")).toHaveCount(1);
  const highest = [...codes, "32.04.12.2003"].sort().at(-1)!;
  await expect(page.getByTestId("registry-row").first()).toContainText(highest);

  await app.open("/koperasi/dasbor/daftar");
  await page.getByTestId("registry-q").fill("uji 599");
  await page.getByTestId("registry-search").click();
  await expect(total).toHaveAttribute("data-total", "1");
  await expect(page.getByTestId("registry-row").first()).toContainText("Koperasi Desa Merah Putih Uji 599");
  await page.getByTestId("registry-q").fill("");
  await page.getByTestId("registry-search").click();
  await page.getByTestId("registry-filters").locator("summary").click();
  await page.getByTestId("registry-scheme").selectOption("revitalisasi");
  const revitalised = codes.filter((code, i) => i % 3 === 2 && code !== "32.04.12.2003").length;
  await expect(total).toHaveAttribute("data-total", String(revitalised));
  await api.dispose();
});
