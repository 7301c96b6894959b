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
