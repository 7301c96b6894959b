import { APIRequestContext, BrowserContext } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { expectAccessible } from "../support/axe";
import { apiAs } from "../support/api";

const DINAS_BANDUNG = "0811-3204-0001";
const CHAIR = "0812-3204-1201";
const TITLE = "Buku kas koperasi";

/** A small course of three lessons and a two-question quiz, written for Kabupaten Bandung. */
function course(secondLesson: string) {
  const lesson = (id: string, title: string, body: string) => ({ id, title: { id: title, en: "" }, body: { id: body, en: "" } });
  return {
    title: { id: TITLE, en: "The cooperative's cash book" },
    summary: { id: "Mencatat uang masuk dan keluar setiap hari.", en: "Recording money in and out every day." },
    topic: "finance",
    level: "basic",
    minutes: 15,
    region: "32.04",
    lessons: [
      lesson("kas-1", "Mengapa mencatat", "Setiap rupiah koperasi adalah milik **anggota**."),
      lesson("kas-2", "Cara mencatat", secondLesson),
      lesson("kas-3", "Menutup buku", "Hitung saldo setiap sore dan cocokkan dengan uang di laci."),
    ],
    quiz: {
      pass_percent: 100,
      questions: [
        {
          id: "q1", prompt: { id: "Kapan saldo kas dihitung?", en: "" },
          options: [{ id: "Setiap sore", en: "" }, { id: "Setahun sekali", en: "" }], correct: [0],
          explanation: { id: "Setiap sore, agar selisih cepat ketahuan.", en: "" },
        },
        {
          id: "q2", prompt: { id: "Apa yang dicatat? Pilih semua yang benar.", en: "" }, multiple: true,
          options: [{ id: "Uang masuk", en: "" }, { id: "Uang keluar", en: "" }, { id: "Cuaca", en: "" }], correct: [0, 1],
          explanation: { id: "Uang masuk dan keluar.", en: "" },
        },
      ],
    },
  };
}

async function publish(api: APIRequestContext, cookie: string, id: string | null, secondLesson: string): Promise<string> {
  let courseId = id;
  if (!courseId) {
    const created = await api.post("/api/courses", { headers: { cookie }, data: course(secondLesson) });
    expect(created.status()).toBe(201);
    courseId = (await created.json()).id as string;
  } else {
    const draft = await (await api.get(`/api/courses/${courseId}/draft`, { headers: { cookie } })).json();
    const saved = await api.put(`/api/courses/${courseId}/draft`, {
      headers: { cookie },
      data: { draft: course(secondLesson), saved_at: draft.saved_at },
    });
    expect(saved.status()).toBe(200);
  }
  const published = await api.post(`/api/courses/${courseId}/publish`, { headers: { cookie }, data: {} });
  expect(published.status()).toBe(201);
  return courseId;
}

/** Bytes the service worker fetches for downloads from now on until `stop()`: manifests and
 * lessons, bodies and headers as they came. */
function countDownloadBytes(context: BrowserContext) {
  const counted = { requests: 0, bytes: 0, paths: [] as string[], stopped: false, stop() { this.stopped = true; } };
  context.on("requestfinished", async (request) => {
    if (counted.stopped || !request.serviceWorker()) return;
    const path = new URL(request.url()).pathname;
    // This course has no pictures: the demo courses' covers shown meanwhile are not its own.
    if (!/^\/api\/(courses\/[^/]+$|lessons\/)/.test(path)) return;
    const sizes = await request.sizes();
    counted.requests += 1;
    counted.paths.push(path.replace(/[0-9a-f]{64}/, "{hash}"));
    counted.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  return counted;
}

test("a course published for the regency is downloaded, read and passed offline, and the result reaches the dinas once", async ({ app, server, context }) => {
  const page = app.page;
  const dinas = await apiAs(server.url, DINAS_BANDUNG);
  const picture = "Catat **tanggal**, uraian, dan jumlah.\n\n1. Uang masuk\n2. Uang keluar";
  const id = await publish(dinas.api, dinas.cookie, null, picture);

  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await page.getByTestId("nav-learning").click();
  const card = page.getByTestId("course").filter({ hasText: TITLE });
  await expect(card.getByTestId("course-meta")).toContainText("3 pelajaran");
  // The size is told before anything is fetched.
  await expect(card.getByTestId("download")).toContainText(/Unduh untuk dibaca tanpa sinyal · [\d,]+ (B|KB)/);
  const cold = countDownloadBytes(context);
  await card.getByTestId("download").click();
  await expect(card.getByTestId("held")).toBeVisible();
  // Network reports may trail the page's own view of the download.
  await expect.poll(() => cold.paths.length).toBe(4);
  cold.stop();
  console.log(`training: course download ${cold.bytes} B in ${cold.requests} requests`);
  // The manifest, then each of the three lessons.
  expect(cold.paths).toEqual([`/api/courses/${id}`, "/api/lessons/{hash}", "/api/lessons/{hash}", "/api/lessons/{hash}"]);

  // Offline, after a reload: the course, its lessons and the quiz are all on the phone.
  await context.setOffline(true);
  await page.reload();
  await card.getByTestId("course-title").click();
  await expect(page.getByTestId("course-name")).toHaveText(TITLE);
  await page.getByTestId("lesson").first().getByRole("link").click();
  await expect(page.getByTestId("lesson-title")).toHaveText("Mengapa mencatat");
  await expect(page.getByTestId("lesson-body").locator("strong")).toHaveText("anggota");
  await page.getByTestId("lesson-done").click();
  await expect(page.getByTestId("lesson-title")).toHaveText("Cara mencatat");
  await page.getByTestId("lesson-done").click();
  await expect(page.getByTestId("lesson-title")).toHaveText("Menutup buku");
  await page.getByTestId("lesson-done").click();

  // The quiz: a wrong answer is explained at once; the attempt is kept for sending.
  await expect(page.getByTestId("prompt")).toHaveText("Kapan saldo kas dihitung?");
  await page.getByTestId("option-1").check();
  await page.getByTestId("check").click();
  await expect(page.getByTestId("feedback")).toHaveAttribute("data-right", "false");
  await expect(page.getByTestId("feedback")).toContainText("agar selisih cepat ketahuan");
  await page.getByTestId("next").click();
  await page.getByTestId("option-0").check();
  await page.getByTestId("option-1").check();
  await page.getByTestId("check").click();
  await expect(page.getByTestId("feedback")).toHaveAttribute("data-right", "true");
  await page.getByTestId("next").click();
  await expect(page.getByTestId("quiz-result")).toHaveAttribute("data-passed", "false");
  await expect(page.getByTestId("score")).toContainText("50%");
  await page.getByTestId("again").click();
  await page.getByTestId("option-0").check();
  await page.getByTestId("check").click();
  await page.getByTestId("next").click();
  await page.getByTestId("option-0").check();
  await page.getByTestId("option-1").check();
  await page.getByTestId("check").click();
  await page.getByTestId("next").click();
  await expect(page.getByTestId("quiz-result")).toHaveAttribute("data-passed", "true");
  await expect(page.getByTestId("attempt-saved")).toContainText("dikirim saat ada sinyal");

  // Completed on the phone; the certificate says the server has not counted it yet.
  await page.getByRole("link", { name: "Kembali ke pelatihan" }).first().click();
  await expect(page.locator("[data-testid=lesson][data-read=true]")).toHaveCount(3);
  await expect(page.getByTestId("waiting")).toBeVisible();
  await page.getByTestId("certificate-link").click();
  await expect(page.getByTestId("certificate-pending")).toBeVisible();
  await expect(page.getByTestId("certificate-name")).toHaveText("Hj. Euis Rohaeti");
  await expect(page.getByTestId("certificate-score")).toHaveText("100%");
  await expectAccessible(page, "certificate, not yet counted");

  // Back online: everything is sent once, and the server's count is the chair's.
  await context.setOffline(false);
  const chair = await apiAs(server.url, CHAIR);
  await expect
    .poll(async () => (await (await chair.api.get(`/api/courses/${id}/progress`, { headers: { cookie: chair.cookie } })).json()).attempts)
    .toBe(2);
  const progress = await (await chair.api.get(`/api/courses/${id}/progress`, { headers: { cookie: chair.cookie } })).json();
  expect(progress.lessons_done).toEqual(["kas-1", "kas-2", "kas-3"]);
  expect(progress.best.percent).toBe(100);
  expect(progress.completed_at).not.toBeNull();
  await page.reload();
  await expect(page.getByTestId("certificate")).toBeVisible();
  await expect(page.getByTestId("certificate-pending")).toHaveCount(0);
  await app.switchLanguage("en");
  await expect(page.getByTestId("certificate").locator("h1")).toHaveText("Training Certificate");
  await expect(page.getByTestId("certificate-course")).toHaveText("The cooperative's cash book");
  await expectAccessible(page, "certificate, in English");
  await app.switchLanguage("id");

  // A one-lesson edit reaches the phone as a delta: only the changed lesson.
  await publish(dinas.api, dinas.cookie, id, picture + "\n3. Saldo akhir hari");
  await page.goto(`${app.baseUrl}/belajar/${id}`);
  await expect(page.getByTestId("update")).toContainText("v2");
  const delta = countDownloadBytes(context);
  await page.getByTestId("download-update").click();
  await expect(page.getByTestId("download-update")).toHaveCount(0);
  await expect(page.getByTestId("download-progress")).toHaveCount(0);
  await expect(page.getByTestId("held")).toBeVisible();
  await expect.poll(() => delta.paths.filter((p) => p.startsWith("/api/lessons/")).length).toBeGreaterThan(0);
  // Anything still on its way would be reported by now.
  await page.waitForTimeout(500);
  delta.stop();
  console.log(`training: one-lesson update ${delta.bytes} B in ${delta.requests} requests (full download ${cold.bytes} B)`);
  // Only the new manifest (the update's own, and maybe the page's check of its cost finishing
  // late) and the one lesson that changed.
  expect(delta.paths.filter((p) => p.startsWith("/api/lessons/"))).toEqual(["/api/lessons/{hash}"]);
  expect(new Set(delta.paths.filter((p) => !p.startsWith("/api/lessons/")))).toEqual(new Set([`/api/courses/${id}`]));

  // The dinas sees the chair among the learners, completed, counted once.
  await app.signOut();
  await app.signIn(DINAS_BANDUNG);
  await page.goto(`${app.baseUrl}/belajar/${id}/peserta`);
  const row = page.getByTestId("learner").filter({ hasText: "Hj. Euis Rohaeti" });
  await expect(row.getByTestId("learner-attempts")).toHaveText("2");
  await expect(row.getByTestId("learner-completed")).not.toHaveText("—");
  await chair.api.dispose();
  await dinas.api.dispose();
});

test("the learner home's cold first load is counted: the page itself, and the offline copy the worker fetches after", async ({ browser, server }) => {
  // A phone that has never opened the app, with a session from signing in elsewhere.
  const { cookie } = await apiAs(server.url, CHAIR);
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  const bytes = { page: 0, pageRequests: 0, worker: 0 };
  context.on("requestfinished", async (request) => {
    // A request of the worker's offline copy may still be finishing when the context closes;
    // it is past the moment measured, and its sizes can no longer be read.
    const sizes = await request.sizes().catch(() => null);
    if (sizes === null) return;
    const total = sizes.responseBodySize + sizes.responseHeadersSize;
    if (request.serviceWorker()) bytes.worker += total;
    else {
      bytes.page += total;
      bytes.pageRequests += 1;
    }
  });
  await page.goto(`${server.url}/belajar`);
  await expect(page.getByTestId("course")).toHaveCount(3);
  await expect(page.getByTestId("cover")).toHaveCount(3);
  await page.waitForLoadState("networkidle");
  const usable = { ...bytes };
  console.log(`training: learner home cold: ${usable.page} B in ${usable.pageRequests} requests until usable, the worker's offline copy ${usable.worker} B so far`);
  expect(usable.page).toBeGreaterThan(0);
  await context.close();
});

test("an admin writes a course in the editor: kept on the phone from the first key, checked by field, then published; a chair takes it offline and the result reaches the dinas", async ({ app, context }) => {
  const page = app.page;
  await app.signIn(DINAS_BANDUNG);
  await page.getByTestId("nav-learning").click();
  await page.getByTestId("write-courses").click();
  await page.getByTestId("new-course").click();
  await expect(page.getByTestId("lesson-editor")).toHaveCount(1);

  await page.getByTestId("input-title-id").fill("Melayani anggota di gerai");
  await page.getByTestId("input-summary-id").fill("Cara melayani anggota dengan ramah dan tercatat.");
  await page.getByTestId("input-region").fill("32.04");
  await page.getByTestId("lesson-0-title").fill("Menyapa anggota");
  // Published too early: each problem is named where it is, by the same rules as the server's.
  await page.getByTestId("publish").click();
  await expect(page.getByTestId("error-lessons-0-body-id")).toHaveText("Wajib diisi.");
  await expect(page.getByTestId("error-quiz-0-prompt-id")).toHaveText("Wajib diisi.");
  await page.getByTestId("lesson-0-body").fill("## Salam\n\nSapa anggota dengan **namanya**.");
  await expect(page.getByTestId("error-lessons-0-body-id")).toHaveCount(0);

  // A reload loses nothing: the draft lives on the phone from the first key.
  await expect(page.getByTestId("kept-here")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("lesson-0-body")).toHaveValue("## Salam\n\nSapa anggota dengan **namanya**.");
  await expect(page.getByTestId("input-title-id")).toHaveValue("Melayani anggota di gerai");

  await page.getByTestId("question-0-prompt").fill("Bagaimana menyapa anggota?");
  await page.getByTestId("question-0-option-0").fill("Dengan namanya");
  await page.getByTestId("question-0-option-1").fill("Tidak perlu disapa");
  await page.getByTestId("question-0-right-0").check();
  await page.getByTestId("publish").click();

  // Published: the learners' page of the course opens, in the catalogue of its region.
  await expect(page.getByTestId("course-name")).toHaveText("Melayani anggota di gerai");
  await expect(page.getByTestId("lesson")).toHaveCount(1);
  await page.getByTestId("lesson").getByRole("link").click();
  await expect(page.getByTestId("lesson-body").locator("h2")).toHaveText("Salam");
  const courseUrl = page.url().replace(/\/pelajaran\/.*/, "");

  // A chair of the regency downloads it, takes it offline, and the dinas sees the result.
  await app.signOut();
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await page.getByTestId("nav-learning").click();
  const card = page.getByTestId("course").filter({ hasText: "Melayani anggota di gerai" });
  await card.getByTestId("download").click();
  await expect(card.getByTestId("held")).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await card.getByTestId("course-title").click();
  await page.getByTestId("lesson").getByRole("link").click();
  await expect(page.getByTestId("lesson-body").locator("strong")).toHaveText("namanya");
  await page.getByTestId("lesson-done").click();
  await page.getByTestId("option-0").check();
  await page.getByTestId("check").click();
  await page.getByTestId("next").click();
  await expect(page.getByTestId("quiz-result")).toHaveAttribute("data-passed", "true");
  await context.setOffline(false);
  // Sent once the signal is back: the course no longer says anything waits.
  await expect(async () => {
    await page.goto(courseUrl);
    await expect(page.getByTestId("completed")).toBeVisible({ timeout: 1000 });
    await expect(page.getByTestId("waiting")).toHaveCount(0, { timeout: 1000 });
  }).toPass();
  await app.signOut();
  await app.signIn(DINAS_BANDUNG);
  await expect(async () => {
    await page.goto(`${courseUrl}/peserta`);
    await expect(page.getByTestId("learner").filter({ hasText: "Hj. Euis Rohaeti" }).getByTestId("learner-completed")).not.toHaveText("—", { timeout: 1000 });
  }).toPass();
});

test("an event with two seats: the third registers offline onto the waiting list, and moves up when someone cancels", async ({ app, server, context }) => {
  const page = app.page;
  // The dinas announces it in the app, for Kabupaten Bandung, with two seats.
  await app.signIn(DINAS_BANDUNG);
  await page.getByTestId("nav-learning").click();
  await page.getByTestId("events-link").click();
  await page.getByTestId("new-event").click();
  await page.getByTestId("input-title").fill("Pelatihan pencatatan simpanan");
  await page.getByTestId("input-place").fill("Aula Kecamatan Dayeuhkolot");
  await page.getByTestId("input-capacity").fill("2");
  await page.getByTestId("input-time").fill("25:00");
  await page.getByTestId("submit").click();
  // Checked by field before anything is sent.
  await expect(page.getByTestId("error-date")).toBeVisible();
  await expect(page.getByTestId("error-time")).toHaveText("Tulis jam seperti 09:00.");
  await expectAccessible(page, "new event, with its errors");
  const inTwoWeeks = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByTestId("input-date").fill(inTwoWeeks);
  await page.getByTestId("input-time").fill("09:00");
  await page.getByTestId("submit").click();
  await expect(page.getByTestId("event-name")).toHaveText("Pelatihan pencatatan simpanan");
  await expect(page.getByTestId("event-seats")).toHaveText("2 kursi tersisa");
  await expectAccessible(page, "event");
  const eventUrl = page.url();
  const id = eventUrl.split("/acara/")[1];

  // Two others take the seats first (through the same sync protocol as the app).
  for (const phone of ["0812-3204-1203", "0813-2004-1202"]) {
    const { api, cookie } = await apiAs(server.url, phone);
    const n = phone.slice(-4);
    const pushed = await api.post("/api/sync/push", {
      headers: { cookie },
      data: { operations: [{ id: `0193a1b2-0000-7000-8000-00000000${n}`, record_id: `0193a1b2-0000-7000-9000-00000000${n}`, base_version: null, kind: "event_registration", data: { event_id: id, register: true } }] },
    });
    expect((await pushed.json()).results[0].outcome).toBe("applied");
    await api.dispose();
  }

  // The chair registers with no signal: kept on the phone, then sent, onto the waiting list.
  await app.signOut();
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await page.goto(eventUrl);
  await expect(page.getByTestId("event-seats")).toHaveText("Penuh · 0 menunggu");
  await context.setOffline(true);
  await page.getByTestId("register").click();
  await expect(page.getByTestId("my-standing")).toHaveText("Pendaftaran tersimpan di ponsel, menunggu dikirim.");
  await context.setOffline(false);
  await expect(page.getByTestId("my-standing")).toHaveText("Anda dalam daftar tunggu, urutan 1.");

  // Someone with a seat cancels: the chair has it.
  const { api, cookie } = await apiAs(server.url, "0812-3204-1203");
  await api.post("/api/sync/push", {
    headers: { cookie },
    data: { operations: [{ id: "0193a1b2-0000-7000-8000-000000009999", record_id: "0193a1b2-0000-7000-9000-000000009999", base_version: null, kind: "event_registration", data: { event_id: id, register: false } }] },
  });
  await api.dispose();
  await page.reload();
  await expect(page.getByTestId("my-standing")).toHaveText("Anda terdaftar.");

  // The organiser marks who came.
  await app.signOut();
  await app.signIn(DINAS_BANDUNG);
  await page.goto(eventUrl);
  await expect(page.getByTestId("attendee")).toHaveCount(2);
  await page.getByTestId("attendee").filter({ hasText: "Hj. Euis Rohaeti" }).getByTestId("attended").check();
  await expect(page.getByTestId("attendance-saved")).toHaveText("Kehadiran tersimpan.");
  await page.reload();
  await expect(page.getByTestId("attendee").filter({ hasText: "Hj. Euis Rohaeti" }).getByTestId("attended")).toBeChecked();
});

test("downloads pause, resume after a lost signal, show their space, and are deleted; data-saver pictures wait for a tap", async ({ app, context }) => {
  const page = app.page;
  await app.signIn(CHAIR);
  await app.waitUntilOfflineReady();
  await page.getByTestId("nav-learning").click();
  const card = page.getByTestId("course").filter({ hasText: "Dasar-dasar koperasi" });

  // Data saver: a lesson's picture is a button with its size until tapped.
  await page.getByTestId("data-saver").check();
  await card.getByTestId("course-title").click();
  await page.getByTestId("lesson").nth(1).getByRole("link").click();
  const lesson = page.getByTestId("lesson-body");
  await expect(lesson.locator("img")).toHaveCount(0);
  await expect(lesson.locator("button.picture-on-tap")).toContainText(/Tampilkan gambar · [\d,]+ (B|KB)/);
  await lesson.locator("button.picture-on-tap").first().click();
  await expect(lesson.locator("img")).toHaveCount(1);

  // In English: the lesson, the course and the quiz are read in English.
  await app.switchLanguage("en");
  await expect(page.getByTestId("lesson-title")).toHaveText("Principal, mandatory and voluntary savings");
  await expect(page.getByTestId("lesson-done")).toHaveText("Done, next");
  await page.getByTestId("back-to-course").click();
  await expect(page.getByTestId("course-name")).toHaveText("Cooperative basics");
  await page.getByTestId("start-quiz").click();
  await expect(page.getByTestId("prompt")).toContainText("How many votes does each have");
  await app.switchLanguage("id");
  await page.getByTestId("back-to-course").click();

  // A slow link: each lesson takes a while, so the download can be paused half-way.
  await context.route("**/api/lessons/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue();
  });
  await page.getByTestId("download").click();
  await expect(page.getByTestId("download-progress")).toBeVisible();
  await page.getByTestId("pause").click();
  await expect(page.getByTestId("download-progress")).toContainText("Dijeda");
  await page.getByTestId("resume").click();
  // The signal goes mid-way: the download waits, and goes on by itself when it is back.
  await context.setOffline(true);
  await page.waitForTimeout(1500);
  await expect(page.getByTestId("held")).toHaveCount(0);
  await context.setOffline(false);
  await expect(page.getByTestId("held")).toBeVisible({ timeout: 20_000 });

  // The storage page says what it takes, and deleting frees it.
  await page.goto(`${app.baseUrl}/belajar/penyimpanan`);
  const stored = page.getByTestId("stored-course").filter({ hasText: "Dasar-dasar koperasi" });
  await expect(stored.getByTestId("stored-bytes")).toContainText(/\d+ KB/);
  await expect(page.getByTestId("storage-usage")).toBeVisible();
  await stored.getByTestId("delete").click();
  await expect(page.getByTestId("storage-none")).toBeVisible();
  await page.getByTestId("nav-learning").click();
  await expect(card.getByTestId("download")).toBeVisible();
});
