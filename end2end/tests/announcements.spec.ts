import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";

// The chair of Cangkuang Wetan: the demo's four announcements all reach them (the country,
// Jawa Barat, Kabupaten Bandung, and Cangkuang Wetan itself).
const CHAIR = "0812-3204-1201";
const TAMBAKREJA_CHAIR = "0812-3301-0101";

test("announcements reach whom they are for, pinned first, readable offline, and marked read once", async ({ app, server, context }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await expect(page.getByTestId("unread-count")).toHaveText("4");
  await page.getByTestId("nav-announcements").click();
  const cards = page.getByTestId("announcement");
  await expect(cards).toHaveCount(4);
  await expect(cards.first()).toHaveAttribute("data-pinned", "true");
  await expect(cards.first().getByTestId("announcement-title")).toHaveText("Perbarui data koperasi Anda setiap bulan");
  await expect(page.getByTestId("unread")).toHaveCount(4);

  // Read offline: the copy on the phone opens, and the mark waits for a signal.
  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");
  await page.reload();
  await expect(page.getByTestId("kept-notice")).toBeVisible();
  const scam = cards.filter({ hasText: "Waspada penipuan" });
  await scam.getByTestId("announcement-title").click();
  await expect(scam.getByTestId("announcement-body")).toContainText("tidak pernah meminta kata sandi");
  await expect(scam.getByTestId("unread")).toHaveCount(0);
  await expect(page.getByTestId("unread-count")).toHaveText("3");
  await app.switchLanguage("en");
  const scamInEnglish = cards.filter({ hasText: "Beware of scams in the dinas' name" });
  await expect(scamInEnglish.getByTestId("announcement-body")).toContainText("never ask for passwords");
  await app.switchLanguage("id");

  await context.setOffline(false);
  await page.reload();
  await expect(cards).toHaveCount(4);
  await expect(page.getByTestId("unread")).toHaveCount(3);
  await expect(page.getByTestId("unread-count")).toHaveText("3");
  // The server heard once; opening it again sends nothing new.
  await scam.getByTestId("announcement-title").click();
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const feed = await (await api.get("/api/announcements", { headers: { cookie } })).json();
  expect(feed.filter((a: { read: boolean }) => a.read).map((a: { title: { id: string } }) => a.title.id)).toEqual([
    "Waspada penipuan yang mengatasnamakan dinas",
  ]);
  await api.dispose();

  // Another province's chair sees only the country-wide one.
  await app.signOut();
  await app.signIn(TAMBAKREJA_CHAIR);
  await page.getByTestId("nav-announcements").click();
  await expect(cards).toHaveCount(1);
  await expect(cards.getByTestId("announcement-title")).toHaveText("Perbarui data koperasi Anda setiap bulan");
});

test("a dinas admin writes an announcement with a live preview in both languages, kept as a draft, and it reaches only the cooperative chosen", async ({ app, server }) => {
  const page = app.page;
  const TITLE = "Pelatihan bendahara koperasi, 10 Desember";
  await app.signIn("0811-3204-0001");
  await page.getByTestId("nav-announcements").click();
  await page.getByTestId("write-announcement").click();
  // A regency's dinas writes for its regency or one of its cooperatives, not wider.
  await expect(page.getByTestId("reach-country")).toHaveCount(0);
  await expect(page.getByTestId("reach-province")).toHaveCount(0);
  await expect(page.getByTestId("reach-regency")).toBeChecked();
  await expect(page.getByTestId("audience-region-regency")).toHaveValue("32.04");
  await expect(page.getByTestId("preview-audience").first()).toHaveText("Untuk: Kabupaten Bandung");

  // Mistakes are named under their fields before anything is sent.
  await page.getByTestId("input-publish-on").fill("2026-12-10");
  await page.getByTestId("input-expires-on").fill("2026-12-01");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("error-title-id")).toHaveText("Wajib diisi.");
  await expect(page.getByTestId("error-body-id")).toHaveText("Wajib diisi.");
  await expect(page.getByTestId("error-expires-on")).toHaveText("Tanggal akhir tidak boleh sebelum tanggal tayang.");
  await app.switchLanguage("en");
  await expect(page.getByTestId("error-expires-on")).toHaveText("The last day cannot be before the first.");
  await app.switchLanguage("id");

  // The preview follows every key, in both languages; English falls back to Indonesian.
  await page.getByTestId("input-title-id").fill(TITLE);
  await page.getByTestId("input-body-id").fill("Dinas mengundang bendahara koperasi.\nBawa buku kas.");
  await expect(page.getByTestId("preview-id").getByTestId("preview-title")).toHaveText(TITLE);
  // What was wrong and is now typed no longer carries its error.
  await expect(page.getByTestId("error-title-id")).toHaveCount(0);
  await expect(page.getByTestId("preview-en").getByTestId("preview-title")).toHaveText(TITLE);
  await page.getByTestId("input-title-en").fill("Treasurer training, 10 December");
  await expect(page.getByTestId("preview-en").getByTestId("preview-title")).toHaveText("Treasurer training, 10 December");
  await page.getByTestId("input-expires-on").fill("2026-12-31");
  await page.getByTestId("input-publish-on").fill("");
  await page.getByTestId("input-pinned").check();
  // A picture is made phone-sized by the server and shown in the preview.
  const PNG_1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
  await page.getByTestId("input-image").setInputFiles({ name: "kas.png", mimeType: "image/png", buffer: Buffer.from(PNG_1x1, "base64") });
  await expect(page.getByTestId("image-preview")).toBeVisible();
  await page.getByTestId("reach-cooperative").click();
  await page.getByTestId("input-cooperative").selectOption({ label: "Koperasi Desa Merah Putih Cangkuang Wetan" });
  await expect(page.getByTestId("preview-audience").first()).toHaveText("Untuk: Koperasi Desa Merah Putih Cangkuang Wetan");
  await expect(page.getByTestId("draft-saved")).toBeVisible();

  // A reload (or a crash) loses none of it.
  await page.reload();
  await expect(page.getByTestId("input-title-id")).toHaveValue(TITLE);
  await expect(page.getByTestId("input-body-id")).toHaveValue("Dinas mengundang bendahara koperasi.\nBawa buku kas.");
  await expect(page.getByTestId("input-pinned")).toBeChecked();
  await expect(page.getByTestId("reach-cooperative")).toBeChecked();
  await expect(page.getByTestId("input-cooperative")).toHaveValue(/.+/);
  await expect(page.getByTestId("preview-audience").first()).toHaveText("Untuk: Koperasi Desa Merah Putih Cangkuang Wetan");

  await page.getByTestId("submit").click();
  await expect(page).toHaveURL(/\/saya\/pengumuman$/);
  const mine = page.getByTestId("announcement").filter({ hasText: TITLE });
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute("data-pinned", "true");
  // Published, the draft is gone: the page opens empty.
  await page.getByTestId("write-announcement").click();
  await expect(page.getByTestId("input-title-id")).toHaveValue("");

  // It reaches the chosen cooperative's chair, and no one elsewhere.
  await app.signOut();
  await app.signIn(CHAIR);
  await page.getByTestId("nav-announcements").click();
  await expect(page.getByTestId("announcement").first().getByTestId("announcement-title")).toHaveText(TITLE);
  await page.getByTestId("announcement").first().getByTestId("announcement-title").click();
  await expect(page.getByTestId("announcement").first().getByTestId("announcement-image")).toBeVisible();
  const { api, cookie } = await apiAs(server.url, TAMBAKREJA_CHAIR);
  const feed = await (await api.get("/api/announcements", { headers: { cookie } })).json();
  expect(feed.map((a: { title: { id: string } }) => a.title.id)).not.toContain(TITLE);
  await api.dispose();
});
