import { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";
import { AppServer } from "../support/server";

// The chair of Cangkuang Wetan, whose cooperative has four business units in the demo data.
const CHAIR = "0812-3204-1201";
const CANGKUANG_WETAN = "Koperasi Desa Merah Putih Cangkuang Wetan";
const DINAS_BANDUNG = "0811-3204-0001";

const SURVEY = {
  key: "survei-sinyal",
  version: 1,
  title: { id: "Survei sinyal", en: "Signal survey" },
  fields: [
    { name: "ada_sinyal", label: { id: "Ada sinyal di kantor koperasi?", en: "Is there a signal at the office?" }, kind: "yes_no", required: true },
    {
      name: "operator", label: { id: "Operator", en: "Operator" }, kind: "choice", required: true,
      show_if: { field: "ada_sinyal", equals: "yes" },
      options: [{ value: "telkomsel", label: { id: "Telkomsel", en: "Telkomsel" } }, { value: "lainnya", label: { id: "Lainnya", en: "Other" } }],
    },
  ],
};

async function openForms(page: Page) {
  await page.getByTestId("nav-cooperatives").click();
  await page.getByRole("link", { name: CANGKUANG_WETAN }).click();
  await page.getByTestId("forms-link").click();
}

/** The responses the server holds for a form, read as the chair. */
async function responses(server: AppServer, formTitle: string) {
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const forms = await (await api.get("/api/forms", { headers: { cookie } })).json();
  const form = forms.find((f: any) => f.spec.title.id === formTitle);
  const [cooperative] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const list = await (
    await api.get(`/api/forms/${form.id}/responses?cooperative=${cooperative.id}`, { headers: { cookie } })
  ).json();
  await api.dispose();
  return list;
}

test("a chair fills in the monthly unit report offline, across a reload, and it arrives once", async ({ app, server, context }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await openForms(page);
  await page.getByRole("link", { name: "Laporan bulanan gerai" }).click();
  await expect(page.getByTestId("form-title")).toHaveText("Laporan bulanan gerai");
  // Opened once online, the form and the units are kept for offline use.
  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");

  await page.getByTestId("new-response").click();
  await page.getByTestId("input-unit_id").selectOption({ label: "Gerai Sembako Cangkuang Wetan" });
  await page.getByTestId("input-bulan").fill("2026-10");
  await expect(page.getByTestId("input-omzet")).toHaveCount(0);
  await page.getByTestId("input-status").getByLabel("Buka melayani").check();
  // Shown only for an open unit.
  await page.getByTestId("input-omzet").fill("Rp 12.500.000");
  await expect(page.getByTestId("draft-state")).toHaveText("Draf tersimpan di ponsel.");

  await page.reload();
  await expect(page.getByTestId("input-omzet")).toHaveValue("Rp 12.500.000");
  await expect(page.getByTestId("input-unit_id")).toHaveValue(/.+/);
  await page.getByTestId("send-form").click();
  await expect(page.getByTestId("error-anggota_dilayani")).toHaveText("Wajib diisi.");
  await page.getByTestId("input-anggota_dilayani").fill("dua");
  await page.getByTestId("send-form").click();
  await expect(page.getByTestId("error-anggota_dilayani")).toHaveText("Tulis angka saja.");
  await page.getByTestId("input-anggota_dilayani").fill("87");
  await page.getByTestId("send-form").click();

  await expect(page.getByTestId("form-notice")).toContainText("antrean kirim");
  await expect(page.getByTestId("queued-item")).toHaveAttribute("data-state", "queued");
  await expect(page.getByTestId("draft-item")).toHaveCount(0);
  expect(await responses(server, "Laporan bulanan gerai")).toHaveLength(0);

  await context.setOffline(false);
  await expect(page.getByTestId("sent-item")).toHaveCount(1);
  await expect(page.getByTestId("queued-item")).toHaveCount(0);
  const stored = await responses(server, "Laporan bulanan gerai");
  expect(stored).toHaveLength(1);
  expect(stored[0].answers).toEqual({ bulan: "2026-10", status: "buka", omzet: "12500000", anggota_dilayani: "87" });

  await app.switchLanguage("en");
  await expect(page.getByTestId("form-title")).toHaveText("Monthly business unit report");
});

test("several drafts of one form are kept apart, and one can be discarded", async ({ app }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await openForms(page);
  await page.getByRole("link", { name: "Laporan bulanan gerai" }).click();
  for (const unit of ["Gerai Sembako Cangkuang Wetan", "Apotek Desa Cangkuang Wetan"]) {
    await page.getByTestId("new-response").click();
    await page.getByTestId("input-unit_id").selectOption({ label: unit });
    await expect(page.getByTestId("draft-state")).toHaveText("Draf tersimpan di ponsel.");
    await page.goBack();
  }
  await page.reload();
  await expect(page.getByTestId("draft-item")).toHaveCount(2);
  await page.getByTestId("draft-item").filter({ hasText: "Apotek" }).getByTestId("discard-draft").click();
  await expect(page.getByTestId("draft-item")).toHaveCount(1);
  await page.getByTestId("resume-draft").click();
  await expect(page.getByTestId("input-unit_id").locator("option:checked")).toHaveText("Gerai Sembako Cangkuang Wetan");

  // On a shared phone, signing out deletes what was being typed, after saying so.
  await page.getByTestId("nav-home").click();
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("drafts-warning")).toContainText("1 draf formulir yang belum dikirim akan dihapus");
  await page.getByTestId("confirm-sign-out").click();
  await expect(page.getByTestId("go-sign-in")).toBeVisible();
  await app.signIn(CHAIR);
  await openForms(page);
  await page.getByRole("link", { name: "Laporan bulanan gerai" }).click();
  await expect(page.getByTestId("new-response")).toBeVisible();
  await expect(page.getByTestId("draft-item")).toHaveCount(0);
});

test("an admin publishes a form with a live preview, and follows who answered, region by region", async ({ app, server }) => {
  const page = app.page;
  await app.signIn(DINAS_BANDUNG);
  await page.getByTestId("nav-cooperatives").click();
  await page.getByTestId("admin-forms").click();
  await page.getByTestId("publish-form").click();

  // The newest form is there to start from, as its next version, and previews at once.
  await expect(page.getByTestId("preview")).toContainText("Keadaan gerai bulan ini");
  const spec = page.getByTestId("input-spec");
  const newest = JSON.parse(await spec.inputValue());
  expect([newest.key, newest.version]).toEqual(["laporan-gerai-bulanan", 2]);
  // A broken spec says where it is broken, and cannot be published.
  await spec.fill((await spec.inputValue()).replace(`"equals":"buka"`, `"equals":"libur"`));
  await expect(page.getByTestId("spec-problems")).toContainText("fields[2].show_if");
  await expect(page.getByTestId("submit")).toBeDisabled();
  await spec.fill("{");
  await expect(page.getByTestId("spec-unreadable")).toBeVisible();
  await spec.fill(JSON.stringify(SURVEY));
  await expect(page.getByTestId("preview")).toContainText("Ada sinyal di kantor koperasi?");
  await expect(page.getByTestId("input-scope")).toHaveValue("32.04");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("form-title")).toHaveText("Survei sinyal");
  await expect(page.getByTestId("counts")).toContainText("Dayeuhkolot");

  // The chair answers (through the outbox, as the app does).
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const forms = await (await api.get("/api/forms", { headers: { cookie } })).json();
  const survey = forms.find((f: any) => f.spec.key === "survei-sinyal");
  const [cooperative] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const pushed = await api.post("/api/sync/push", {
    headers: { cookie },
    data: {
      operations: [{
        id: "0193a1b2-0000-7000-8000-00000000e2e1",
        record_id: "0193a1b2-0000-7000-8000-00000000e2e2",
        base_version: null,
        kind: "form_response",
        data: { form_id: survey.id, cooperative_id: cooperative.id, answers: { ada_sinyal: "yes", operator: "telkomsel" } },
      }],
    },
  });
  expect((await pushed.json()).results[0].outcome).toBe("applied");
  await api.dispose();

  await page.reload();
  const dayeuhkolot = page.getByTestId("count-row").filter({ hasText: "Dayeuhkolot" });
  await expect(dayeuhkolot).toContainText("100%");
  await dayeuhkolot.getByRole("link").click();
  await expect(page.getByTestId("count-row").filter({ hasText: "Cangkuang Wetan" })).toContainText("100%");

  const csv = await page.request.get(app.baseUrl + (await page.getByTestId("download-csv").getAttribute("href")));
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(",yes,telkomsel");
});

const PHOTO_FORM = {
  key: "foto-gerai",
  version: 1,
  title: { id: "Foto gerai", en: "Outlet photo" },
  fields: [
    { name: "foto", label: { id: "Foto depan gerai", en: "Photo of the outlet front" }, kind: "photo", required: true },
    { name: "catatan", label: { id: "Catatan", en: "Notes" }, kind: "text" },
  ],
};

/** A camera-sized JPEG (3000 x 2000, a gradient with grain), made by the browser itself. */
async function cameraPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3000, 2000);
    const context = canvas.getContext("2d")!;
    const gradient = context.createLinearGradient(0, 0, 3000, 2000);
    gradient.addColorStop(0, "#b3141b");
    gradient.addColorStop(1, "#2f6f3e");
    context.fillStyle = gradient;
    context.fillRect(0, 0, 3000, 2000);
    const image = context.getImageData(0, 0, 3000, 2000);
    let seed = 7;
    for (let i = 0; i < image.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed % 48) - 24;
      image.data[i] += grain;
      image.data[i + 1] += grain;
      image.data[i + 2] += grain;
    }
    context.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.95 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  return Buffer.from(base64, "base64");
}

test("a photo is made smaller on the phone, shown offline, and uploaded once before its answer", async ({ app, server, context }) => {
  const { api, cookie } = await apiAs(server.url, DINAS_BANDUNG);
  const published = await api.post("/api/forms", { headers: { cookie }, data: { spec: PHOTO_FORM, scope: "32.04" } });
  expect(published.status()).toBe(201);
  await api.dispose();
  const uploads: string[] = [];
  // Uploads that reached the server (tries while offline fail on the phone and do not count).
  context.on("requestfinished", (request) => {
    if (request.method() === "PUT" && request.url().includes("/api/photos/")) uploads.push(request.url());
  });

  const page = app.page;
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await openForms(page);
  await page.getByRole("link", { name: "Foto gerai" }).click();
  await expect(page.getByTestId("form-title")).toHaveText("Foto gerai");
  const original = await cameraPhoto(page);
  expect(original.length).toBeGreaterThan(1_000_000);
  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");

  await page.getByTestId("new-response").click();
  await page.getByTestId("input-foto").setInputFiles({ name: "gerai.jpg", mimeType: "image/jpeg", buffer: original });
  await expect(page.getByTestId("photo-note-foto")).toContainText("Foto diperkecil dari");
  // Shown from the phone: nothing has been uploaded yet.
  const preview = page.getByTestId("photo-foto");
  await expect(preview).toHaveJSProperty("complete", true);
  expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId("draft-state")).toHaveText("Draf tersimpan di ponsel.");

  await page.reload();
  await expect(page.getByTestId("photo-foto")).toHaveJSProperty("complete", true);
  expect(await page.getByTestId("photo-foto").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.getByTestId("input-catatan").fill("Tampak depan, pagi hari");
  await page.getByTestId("send-form").click();
  await expect(page.getByTestId("queued-item")).toHaveAttribute("data-state", "queued");
  expect(uploads).toHaveLength(0);

  await context.setOffline(false);
  await expect(page.getByTestId("sent-item")).toHaveCount(1);
  await expect(page.getByTestId("queued-item")).toHaveCount(0);
  const [stored] = await responses(server, "Foto gerai");
  const reference: string = stored.answers.foto;
  expect(reference).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(uploads).toHaveLength(1);

  // The server holds the small photo, byte for byte the one named in the answer.
  const chair = await apiAs(server.url, CHAIR);
  const photo = await chair.api.get(`/api/photos/${reference.slice(7)}`, { headers: { cookie: chair.cookie } });
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toBe("image/jpeg");
  const bytes = await photo.body();
  expect(bytes.length).toBeLessThanOrEqual(100 * 1024);
  const { createHash } = await import("node:crypto");
  expect("sha256:" + createHash("sha256").update(bytes).digest("hex")).toBe(reference);
  await chair.api.dispose();
  console.log(`photo: ${original.length} B from the camera, ${bytes.length} B kept and uploaded`);
});

test("a place is answered by picking it level by level, and a draft reopens with it chosen", async ({ app, server }) => {
  const spec = {
    key: "asal-barang",
    version: 1,
    title: { id: "Asal barang", en: "Where goods come from" },
    fields: [
      { name: "kecamatan_pemasok", label: { id: "Kecamatan pemasok", en: "Supplier's district" }, kind: "region", level: "district", required: true },
      { name: "desa_gudang", label: { id: "Desa gudang", en: "Warehouse village" }, kind: "region" },
    ],
  };
  const { api, cookie } = await apiAs(server.url, DINAS_BANDUNG);
  expect((await api.post("/api/forms", { headers: { cookie }, data: { spec, scope: "32.04" } })).status()).toBe(201);
  await api.dispose();

  const page = app.page;
  await app.signIn(CHAIR);
  await openForms(page);
  await page.getByRole("link", { name: "Asal barang" }).click();
  await page.getByTestId("new-response").click();
  // A district-level answer asks for three levels; the village one for four.
  await expect(page.getByTestId("kecamatan_pemasok-region-picker").locator("select")).toHaveCount(3);
  await expect(page.getByTestId("desa_gudang-region-picker").locator("select")).toHaveCount(4);
  await page.getByTestId("send-form").click();
  await expect(page.getByTestId("kecamatan_pemasok-error-district")).toHaveText("Wajib diisi.");

  await page.getByTestId("kecamatan_pemasok-region-province").selectOption({ label: "Jawa Barat" });
  await page.getByTestId("kecamatan_pemasok-region-regency").selectOption({ label: "Kabupaten Bandung" });
  await page.getByTestId("kecamatan_pemasok-region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("desa_gudang-region-province").selectOption({ label: "Jawa Barat" });
  await page.getByTestId("desa_gudang-region-regency").selectOption({ label: "Kabupaten Bandung" });
  await page.getByTestId("desa_gudang-region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("desa_gudang-region-village").selectOption({ label: "Sukapura" });
  await expect(page.getByTestId("draft-state")).toHaveText("Draf tersimpan di ponsel.");

  await page.reload();
  await expect(page.getByTestId("kecamatan_pemasok-region-district")).toHaveValue("32.04.12");
  await expect(page.getByTestId("desa_gudang-region-village")).toHaveValue(/^32\.04\.12\.\d{4}$/);
  const village = await page.getByTestId("desa_gudang-region-village").inputValue();
  await page.getByTestId("send-form").click();
  await expect(page.getByTestId("sent-item")).toHaveCount(1);
  const [stored] = await responses(server, "Asal barang");
  expect(stored.answers).toEqual({ kecamatan_pemasok: "32.04.12", desa_gudang: village });
});
