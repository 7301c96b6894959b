import { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { expectAccessible } from "../support/axe";
import { AppPage } from "../support/app-page";
import { apiAs } from "../support/api";
import { AppServer } from "../support/server";

// Demo people of Cangkuang Wetan: a member with an account, the chair and the supervisor.
const MEMBER = "0813-2004-1201";
const MEMBER_NAME = "Neng Sari Rahayu";
const CHAIR = "0812-3204-1201";
const SUPERVISOR = "0812-3204-1203";

type ChangeRequest = {
  id: string;
  status: "pending" | "approved" | "rejected";
  reason: string | null;
  requested: { name: string; phone: string | null; address: string | null };
};
type Member = { id: string; version: number; name: string; phone: string | null; address: string | null };

/** The member's record and every change request of the cooperative, as the server holds them. */
async function onServer(server: AppServer): Promise<{ member: Member; requests: ChangeRequest[] }> {
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const [cooperative] = await (await api.get("/api/cooperatives", { headers: { cookie } })).json();
  const found = await (
    await api.get(`/api/cooperatives/${cooperative.id}/members?q=neng`, { headers: { cookie } })
  ).json();
  const member = await (await api.get(`/api/members/${found.members[0].id}`, { headers: { cookie } })).json();
  const requests = await (
    await api.get(`/api/cooperatives/${cooperative.id}/change-requests`, { headers: { cookie } })
  ).json();
  await api.dispose();
  return { member, requests };
}

async function offline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await expect(page.getByTestId("connectivity")).toHaveAttribute("data-online", "false");
}

/** Another person on another phone. */
async function otherPhone(browser: Browser, server: AppServer, phone: string): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const app = new AppPage(await context.newPage(), server.url);
  await app.signIn(phone);
  return app;
}

async function openMembers(app: AppPage) {
  await app.page.getByTestId("nav-cooperatives").click();
  await app.page.getByTestId("cooperative").getByRole("link", { name: "Anggota" }).click();
  await expect(app.page.getByTestId("member-total")).toBeVisible();
}

function request(page: Page, state: string) {
  return page.getByTestId("own-request").and(page.locator(`[data-state="${state}"]`));
}

test("a member asks offline to change their data; the chair rejects it with a reason, then approves the corrected one", async ({ app, server, context, browser }) => {
  const page = app.page;
  const before = await onServer(server);
  expect(before.requests).toEqual([]);
  await app.signIn(MEMBER);
  await app.waitUntilOfflineReady();
  await page.getByTestId("my-data").click();
  await expect(page.getByTestId("my-name")).toHaveText(MEMBER_NAME);
  await expect(page.getByTestId("own-requests-none")).toBeVisible();
  await offline(context, page);

  // Mistakes are shown where they were typed, and nothing is queued.
  await page.getByTestId("own-change-start").click();
  await expect(page.getByTestId("input-name")).toHaveValue(MEMBER_NAME);
  await page.getByTestId("own-change-send").click();
  await expect(page.getByTestId("error-unchanged")).toHaveText("Belum ada yang diubah.");
  await page.getByTestId("input-phone").fill("0813 2004");
  await page.getByTestId("input-name").fill(" ");
  await page.getByTestId("own-change-send").click();
  await expect(page.getByTestId("error-phone")).toHaveText("Nomor HP terdiri dari 10 sampai 13 angka.");
  await expect(page.getByTestId("error-name")).toHaveText("Wajib diisi.");
  await expect(page.getByTestId("own-requests-none")).toBeVisible();

  // What is typed survives a reload, offline.
  await page.getByTestId("input-name").fill(MEMBER_NAME);
  await page.getByTestId("input-phone").fill("0813 2004 1299");
  await page.getByTestId("input-address").fill("Kp. Cangkuang");
  await page.reload();
  await expect(page.getByTestId("input-address")).toHaveValue("Kp. Cangkuang");
  await expect(page.getByTestId("input-phone")).toHaveValue("0813 2004 1299");
  await page.getByTestId("own-change-send").click();
  await expect(page.getByTestId("own-change-notice")).toHaveText(
    "Tersimpan di ponsel. Dikirim ke pengurus saat ada sambungan.",
  );
  await expect(request(page, "queued")).toHaveCount(1);
  await expect(request(page, "queued")).toContainText("0813-2004-1299");
  // Another language changes the words in place; nothing the person sees is lost.
  await app.switchLanguage("en");
  await expect(page.getByTestId("own-change-notice")).toHaveText(
    "Saved on this phone. It goes to the officers when there is a connection.",
  );
  await expect(request(page, "queued")).toContainText("Waiting to be sent");
  await app.switchLanguage("id");
  await page.reload();
  await expect(request(page, "queued")).toHaveCount(1);
  await expect(page.getByTestId("own-change-form")).toHaveCount(0);

  // Back online, the engine sends it and the member sees it waiting for the officers.
  await context.setOffline(false);
  await expect(request(page, "pending")).toHaveCount(1);
  await expect(request(page, "queued")).toHaveCount(0);
  const sent = await onServer(server);
  expect(sent.requests.map((r) => [r.status, r.requested.address, r.requested.phone])).toEqual([
    ["pending", "Kp. Cangkuang", "+6281320041299"],
  ]);
  expect(sent.member.version).toBe(before.member.version);

  // The chair sees only what changes, old beside new, and rejects with a reason.
  const chair = await otherPhone(browser, server, CHAIR);
  await openMembers(chair);
  const card = chair.page.getByTestId("change-requests");
  const pending = card.getByTestId("change-request");
  await expect(pending).toHaveCount(1);
  await expect(pending).toHaveAttribute("data-member", MEMBER_NAME);
  const differences = pending.getByTestId("change-request-differences");
  await expect(differences).toContainText("Alamat");
  await expect(differences).toContainText("Kp. Cangkuang");
  await expect(differences).toContainText("0813-2004-1299");
  await expect(differences).not.toContainText("Nama");
  await pending.getByTestId("reject-request").click();
  await chair.page.getByTestId("confirm-reject").click();
  await expect(chair.page.getByTestId("error-reasons")).toHaveText("Wajib diisi.");
  await expectAccessible(chair.page, "rejection being written, with its error");
  await chair.page.getByTestId("input-reasons").fill("Tulis alamat lengkap dengan RT/RW.");
  await chair.page.getByTestId("confirm-reject").click();
  await expect(pending).toHaveCount(0);
  await expect(card.getByTestId("decided-requests")).toContainText("Sudah diputuskan (1)");

  // The member reads the outcome and the reason, in either language.
  await page.reload();
  await expect(request(page, "rejected")).toHaveCount(1);
  await expect(page.getByTestId("own-request-reason")).toHaveText("Alasan: Tulis alamat lengkap dengan RT/RW.");
  await app.switchLanguage("en");
  await expect(request(page, "rejected")).toContainText("Rejected");
  await expect(page.getByTestId("own-request-reason")).toHaveText("Reason: Tulis alamat lengkap dengan RT/RW.");
  await app.switchLanguage("id");

  // A corrected request, sent online this time, is approved: the record changes once.
  await page.getByTestId("own-change-start").click();
  await page.getByTestId("input-address").fill("Kp. Cangkuang RT 02/05, Dayeuhkolot");
  await page.getByTestId("own-change-send").click();
  await expect(request(page, "pending")).toHaveCount(1);
  await chair.page.reload();
  await expect(pending).toHaveCount(1);
  await expect(pending.getByTestId("change-request-differences")).not.toContainText("Nomor HP");
  await pending.getByTestId("approve-request").click();
  await expect(pending).toHaveCount(0);
  await expect(card.getByTestId("decided-requests")).toContainText("Sudah diputuskan (2)");

  await page.reload();
  await expect(page.getByTestId("my-address")).toHaveText("Kp. Cangkuang RT 02/05, Dayeuhkolot");
  await expect(request(page, "approved")).toHaveCount(1);
  await expect(request(page, "rejected")).toHaveCount(1);
  await expect(page.getByTestId("access-log")).toContainText("Hj. Euis Rohaeti menyetujui perubahan data Anda");
  await expect(page.getByTestId("access-log")).toContainText("Hj. Euis Rohaeti menolak perubahan data Anda");

  // Read back: two requests, each decided once; the record moved one version.
  const after = await onServer(server);
  expect(after.requests.map((r) => r.status).sort()).toEqual(["approved", "rejected"]);
  expect(after.member.address).toBe("Kp. Cangkuang RT 02/05, Dayeuhkolot");
  expect(after.member.phone).toBe(before.member.phone);
  expect(after.member.version).toBe(before.member.version + 1);
  await chair.page.context().close();
});

/** A request made through the sync protocol, as the member's phone would send it. */
async function requestAs(api: APIRequestContext, cookie: string, memberId: string, address: string) {
  const push = await api.post("/api/sync/push", {
    headers: { cookie },
    data: {
      operations: [{
        id: crypto.randomUUID(),
        record_id: crypto.randomUUID(),
        base_version: null,
        kind: "member_data_change",
        data: { member_id: memberId, name: MEMBER_NAME, address },
      }],
    },
  });
  expect((await push.json()).results[0].outcome).toBe("applied");
}

test("the supervisor reads requests but cannot decide them", async ({ server, browser }) => {
  const { member } = await onServer(server);
  const { api, cookie } = await apiAs(server.url, MEMBER);
  await requestAs(api, cookie, member.id, "Kp. Pengawas");
  await api.dispose();

  const supervisor = await otherPhone(browser, server, SUPERVISOR);
  await openMembers(supervisor);
  const pending = supervisor.page.getByTestId("change-request");
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText("Kp. Pengawas");
  await expect(pending.getByTestId("approve-request")).toHaveCount(0);
  await expect(pending.getByTestId("reject-request")).toHaveCount(0);
  await supervisor.page.context().close();
});

test("a request the server refuses is set aside with its reason and discarded only on request", async ({ app, server, context }) => {
  const page = app.page;
  const { member } = await onServer(server);
  await app.signIn(MEMBER);
  await app.waitUntilOfflineReady();
  await page.getByTestId("my-data").click();
  await expect(page.getByTestId("my-name")).toHaveText(MEMBER_NAME);
  await offline(context, page);
  await page.getByTestId("own-change-start").click();
  await page.getByTestId("input-address").fill("Kp. Baru");
  await page.getByTestId("own-change-send").click();
  await expect(request(page, "queued")).toHaveCount(1);

  // Meanwhile the chair records that she left: the request can no longer apply.
  const { api, cookie } = await apiAs(server.url, CHAIR);
  const left = await api.post(`/api/members/${member.id}/leave`, {
    headers: { cookie },
    data: { version: member.version, left_on: "2026-11-20", reason: "Pindah domisili" },
  });
  expect(left.status()).toBe(200);
  await api.dispose();

  await context.setOffline(false);
  // The page still shows the record as it was kept; the refusal comes with the server's words.
  await expect(request(page, "refused")).toHaveCount(1);
  await expect(page.getByTestId("own-request-reason")).toHaveText(
    "Data ini sudah ada atau baru saja diubah orang lain.",
  );
  await page.reload();
  await expect(request(page, "refused")).toHaveCount(1);
  await page.getByTestId("own-request-discard").click();
  await expect(page.getByTestId("own-request")).toHaveCount(0);
  const after = await onServer(server);
  expect(after.requests).toEqual([]);
});
