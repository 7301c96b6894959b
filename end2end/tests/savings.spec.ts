import { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { expectAccessible } from "../support/axe";
import { AppPage } from "../support/app-page";
import { apiAs } from "../support/api";
import { AppServer } from "../support/server";

// Demo people of Cangkuang Wetan (README): the chair records savings, the supervisor reads,
// Neng Sari Rahayu is a member with an account, Ujang Rohmat one without.
const CHAIR = "0812-3204-1201";
const SUPERVISOR = "0812-3204-1203";
const MEMBER = "0813-2004-1201";
const DINAS = "0811-3204-0001";

type Savings = {
  pokok: number;
  wajib: number;
  sukarela: number;
  entries: { id: string; kind: string; amount: number; receipt: string; reverses: string | null }[];
};

/** A member's savings as the server holds them, read as the chair. */
async function onServer(server: AppServer, name: string): Promise<Savings> {
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const [cooperative] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const found = await (
    await api.get(`/api/cooperatives/${cooperative.id}/members?q=${encodeURIComponent(name)}`, { headers: { cookie } })
  ).json();
  const savings = await (await api.get(`/api/members/${found.members[0].id}/savings`, { headers: { cookie } })).json();
  await api.dispose();
  return savings;
}

async function setOffline(context: BrowserContext, page: Page, offline: boolean) {
  await context.setOffline(offline);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", String(!offline));
}

async function openSavings(app: AppPage) {
  await app.page.getByTestId("nav-cooperatives").click();
  await app.page.getByTestId("cooperative").first().getByRole("link").first().click();
  await app.page.getByTestId("savings-link").click();
  await expect(app.page.getByTestId("savings-summary")).toBeVisible();
}

function bill(page: Page, member: string, kind: string) {
  return page.getByTestId("bill").filter({ hasText: member }).and(page.locator(`[data-kind="${kind}"]`));
}

async function phone(browser: Browser, server: AppServer, who: string): Promise<{ app: AppPage; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true });
  const app = new AppPage(await context.newPage(), server.url);
  await app.signIn(who);
  await app.waitUntilOfflineReady();
  return { app, context };
}

test("the chair records a bill's payment offline; it survives a reload, reaches the ledger once, and the member reads it offline", async ({ app, server, context, browser }) => {
  const page = app.page;
  const before = await onServer(server, "Ujang Rohmat");
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await openSavings(app);
  const owed = bill(page, "Ujang Rohmat", "wajib");
  await expect(owed).toBeVisible();
  await setOffline(context, page, true);

  // The bill fills in the amount and the period; what the ledger needs and lacks is shown.
  await owed.getByTestId("bill-pay").click();
  await expect(page.getByTestId("input-amount")).toHaveValue("25.000");
  await expect(page.getByTestId("input-period")).toHaveValue(new RegExp(`^\\d{4}-\\d{2}$`));
  await page.getByTestId("savings-entry-save").click();
  await expect(page.getByTestId("error-receipt")).toHaveText("Wajib diisi.");

  // A reload mid-way keeps what was typed.
  await page.getByTestId("input-receipt").fill("KW-UJI-001");
  await expect
    .poll(() => page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open("kopdes");
      open.onsuccess = () => {
        const all = open.result.transaction("drafts").objectStore("drafts").getAll();
        all.onsuccess = () => { resolve(JSON.stringify(all.result).includes("KW-UJI-001")); open.result.close(); };
      };
    })))
    .toBe(true);
  await page.reload();
  await expect(page.getByTestId("input-receipt")).toHaveValue("KW-UJI-001");
  await page.getByTestId("savings-entry-save").click();
  await expect(page.getByTestId("savings-saved")).toBeVisible();
  await expect(owed.getByTestId("bill-recorded")).toBeVisible();
  await expect(page.getByTestId("savings-pending-entry")).toHaveAttribute("data-state", "queued");

  // Still there after another reload offline; on the server only once back online.
  await page.reload();
  await expect(owed.getByTestId("bill-recorded")).toBeVisible();
  expect((await onServer(server, "Ujang Rohmat")).entries.length).toBe(before.entries.length);
  await setOffline(context, page, false);
  await expect(page.getByTestId("savings-pending-entry")).toHaveCount(0);
  await expect(owed).toHaveCount(0);
  const after = await onServer(server, "Ujang Rohmat");
  expect(after.wajib).toBe(before.wajib + 25_000);
  expect(after.entries.filter((e) => e.receipt === "KW-UJI-001")).toHaveLength(1);

  // A sukarela deposit for Neng Sari; she reads it on her own phone, and again offline.
  await page.getByTestId("savings-record").click();
  await page.getByTestId("input-member_id").selectOption({ label: "Neng Sari Rahayu" });
  await page.getByTestId("input-kind").selectOption("sukarela");
  await page.getByTestId("input-amount").fill("Rp 15.000");
  await page.getByTestId("input-receipt").fill("KW-UJI-002");
  await page.getByTestId("savings-entry-save").click();
  await expect(page.getByTestId("savings-saved")).toBeVisible();
  await expect.poll(async () => (await onServer(server, "Neng Sari Rahayu")).sukarela).toBe(85_000);
  await expect(page.getByTestId("savings-pending-entry")).toHaveCount(0);
  const member = await phone(browser, server, MEMBER);
  await member.app.page.getByTestId("my-data").click();
  await expect(member.app.page.getByTestId("balance-sukarela")).toHaveText("Rp 85.000");
  await expect(member.app.page.getByTestId("savings-line").first()).toContainText("KW-UJI-002");
  await setOffline(member.context, member.app.page, true);
  await member.app.page.reload();
  await expect(member.app.page.getByTestId("balance-sukarela")).toHaveText("Rp 85.000");
  await expect(member.app.page.getByTestId("member-savings").getByTestId("kept-notice")).toBeVisible();
  await member.context.close();
});

test("two phones withdraw the same savings offline: the server takes one, the other is refused with why and fixed", async ({ server, browser }) => {
  const start = await onServer(server, "Neng Sari Rahayu");
  expect(start.sukarela).toBe(70_000);
  const phones = [await phone(browser, server, CHAIR), await phone(browser, server, CHAIR)];
  for (const [n, { app, context }] of phones.entries()) {
    await openSavings(app);
    await setOffline(context, app.page, true);
    await app.page.getByTestId("savings-record").click();
    await app.page.getByTestId("input-member_id").selectOption({ label: "Neng Sari Rahayu" });
    await app.page.getByTestId("input-kind").selectOption("sukarela");
    await app.page.getByTestId("input-action").getByRole("radio").nth(1).check();
    // More than the balance is refused on the phone itself.
    await app.page.getByTestId("input-amount").fill("80.000");
    await app.page.getByTestId("input-receipt").fill(`KW-TARIK-${n}`);
    await app.page.getByTestId("savings-entry-save").click();
    await expect(app.page.getByTestId("error-amount")).toHaveText(/Saldo tidak cukup/);
    await app.page.getByTestId("input-amount").fill("50.000");
    await app.page.getByTestId("savings-entry-save").click();
    await expect(app.page.getByTestId("savings-pending-entry")).toHaveAttribute("data-state", "queued");
  }

  const [first, second] = phones;
  await setOffline(first.context, first.app.page, false);
  await expect(first.app.page.getByTestId("savings-pending-entry")).toHaveCount(0);
  await setOffline(second.context, second.app.page, false);
  const refused = second.app.page.getByTestId("savings-pending-entry");
  await expect(refused).toHaveAttribute("data-state", "refused");
  await expect(refused.getByTestId("savings-pending-reason")).toHaveText(/Saldo tidak cukup/);
  expect((await onServer(server, "Neng Sari Rahayu")).sukarela).toBe(20_000);

  // The refused record is fixed (a smaller amount) rather than typed again.
  await refused.getByTestId("savings-pending-fix").click();
  await expect(second.app.page.getByTestId("input-receipt")).toHaveValue("KW-TARIK-1");
  await second.app.page.getByTestId("input-amount").fill("20.000");
  await second.app.page.getByTestId("savings-entry-save").click();
  await expect(second.app.page.getByTestId("savings-pending-entry")).toHaveCount(0);
  const end = await onServer(server, "Neng Sari Rahayu");
  expect(end.sukarela).toBe(0);
  expect(end.entries.filter((e) => e.receipt.startsWith("KW-TARIK-")).map((e) => e.amount)).toEqual([-50_000, -20_000]);
  for (const { context } of phones) await context.close();
});

test("a mistake is corrected by a reversing entry; the supervisor reads and cannot record; the dinas sees no ledger", async ({ app, server, browser }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await openSavings(app);
  // The members' meeting raised wajib: the chair changes the product (online).
  const wajib = page.getByTestId("savings-product").and(page.locator('[data-kind="wajib"]'));
  await expect(wajib.getByTestId("savings-product-terms")).toHaveText("Rp 25.000 · per bulan");
  await wajib.getByTestId("savings-product-edit").click();
  await wajib.getByTestId("input-product_amount").fill("");
  await wajib.getByTestId("savings-product-save").click();
  await expect(wajib.getByTestId("error-product_amount")).toHaveText("Wajib diisi.");
  await wajib.getByTestId("input-product_amount").fill("30.000");
  await wajib.getByTestId("savings-product-save").click();
  await expect(wajib.getByTestId("savings-product-terms")).toHaveText("Rp 30.000 · per bulan");

  await page.getByTestId("savings-member").filter({ hasText: "Dadang Sutisna" }).getByRole("link").click();
  const history = page.getByTestId("member-savings");
  const deposit = history.getByTestId("savings-line").and(page.locator('[data-kind="sukarela"]')).first();
  await expect(deposit).toContainText("Rp 200.000");
  await deposit.getByTestId("savings-line-correct").click();
  await history.getByTestId("savings-correction-save").click();
  await expect(history.getByTestId("error-note")).toHaveText("Wajib diisi.");
  await expectAccessible(page, "correction being written, with its error");
  await history.getByTestId("input-note").fill("Salah jumlah, seharusnya Rp 20.000");
  await history.getByTestId("savings-correction-save").click();
  await expect(history.getByTestId("savings-line-reversed")).toBeVisible();
  await expect(history.getByTestId("balance-sukarela")).toHaveText("Rp 0");
  const corrected = await onServer(server, "Dadang Sutisna");
  expect(corrected.sukarela).toBe(0);
  expect(corrected.entries.filter((e) => e.reverses !== null)).toHaveLength(1);

  await app.switchLanguage("en");
  await expect(history.getByTestId("savings-line-reversed")).toHaveText("corrected");

  const supervisor = await phone(browser, server, SUPERVISOR);
  await openSavings(supervisor.app);
  await expect(supervisor.app.page.getByTestId("savings-read-only")).toBeVisible();
  await expect(supervisor.app.page.getByTestId("bill").first()).toBeVisible();
  await expect(supervisor.app.page.getByTestId("savings-record")).toHaveCount(0);
  await expect(supervisor.app.page.getByTestId("bill-pay")).toHaveCount(0);
  await expect(supervisor.app.page.getByTestId("savings-product-edit")).toHaveCount(0);
  await supervisor.context.close();

  const dinas = await phone(browser, server, DINAS);
  await dinas.app.page.getByTestId("nav-cooperatives").click();
  await dinas.app.page.getByTestId("cooperative").filter({ hasText: "Cangkuang Wetan" }).getByRole("link").first().click();
  await expect(dinas.app.page.getByTestId("forms-link")).toBeVisible();
  await expect(dinas.app.page.getByTestId("savings-link")).toHaveCount(0);
  await dinas.context.close();
});
