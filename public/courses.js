// Si Kopdes courses for offline use (docs/TRAINING.md), run by the service worker, so a download
// goes on while the person reads another page, and picks up where it stopped when the signal
// comes back.
//
// - `courses` object store: one record per downloaded course, keyed by its id:
//   `{id, version, manifest (JSON text), status: "downloading" | "paused" | "ready", done, total,
//   updated_at}`; `done` and `total` count bytes.
// - `lessons` object store: rendered lessons by hash (`{hash, body (JSON text), bytes}`). A lesson
//   unchanged between versions keeps its hash, so an update fetches only what changed.
// - Pictures (`/media/<hash>`) in the Cache Storage cache `kopdes-media`, answered from there
//   for every page. Their bytes never change under their name.
//
// Course content is the same for everyone it reaches, so it is not kept per account; what a
// person has read and answered is, in the outbox and on the server.
"use strict";

// Its own scope: the worker's imported scripts share one global scope, and sync.js has names
// of its own (`running`).
(() => {
const COURSES = "courses";
const LESSONS = "lessons";
const MEDIA_CACHE = "kopdes-media";

// Courses being fetched by this worker right now: a second "download" for one only wakes it.
const running = new Map();

async function courseRecord(db, id) {
  return settled(db.transaction(COURSES).objectStore(COURSES).get(id));
}

async function putCourse(db, record) {
  const tx = db.transaction(COURSES, "readwrite");
  tx.objectStore(COURSES).put(record, record.id);
  await committed(tx);
}

async function tellProgress(record) {
  await tell({
    course: record.id,
    status: record.status,
    done: record.done,
    total: record.total,
    version: record.version,
  });
}

// What a version needs that the phone does not hold yet: lessons by hash, pictures by hash.
async function missing(db, manifest) {
  const cache = await caches.open(MEDIA_CACHE);
  const lessons = [];
  const store = db.transaction(LESSONS).objectStore(LESSONS);
  const held = new Set(await settled(store.getAllKeys()));
  for (const lesson of manifest.lessons) {
    if (!held.has(lesson.hash)) lessons.push(lesson);
  }
  const pictures = [];
  const seen = new Set();
  const all = manifest.lessons.flatMap((l) => l.media);
  if (manifest.cover) all.push(manifest.cover);
  for (const picture of all) {
    if (seen.has(picture.hash)) continue;
    seen.add(picture.hash);
    if (!(await cache.match("/media/" + picture.hash))) pictures.push(picture);
  }
  return { lessons, pictures };
}

function bytesOf(plan) {
  return (
    plan.lessons.reduce((sum, l) => sum + l.bytes, 0) + plan.pictures.reduce((sum, p) => sum + p.bytes, 0)
  );
}

// Fetches the newest version of a course and everything it needs, item by item, noting
// progress after each; stops when paused, deleted or offline, and is started again by the next
// "download" or sync trigger.
async function download(id) {
  if (running.has(id)) return running.get(id);
  const work = (async () => {
    const db = await openDb();
    if (!db || !db.objectStoreNames.contains(COURSES)) return;
    try {
      let record = await courseRecord(db, id);
      if (!record) return;
      let manifestText;
      try {
        const response = await fetch("/api/courses/" + encodeURIComponent(id), { credentials: "same-origin" });
        if (response.status === 404) {
          // No longer published for this person: what is held stays readable.
          record.status = record.manifest ? "ready" : "paused";
          await putCourse(db, record);
          await tellProgress(record);
          return;
        }
        if (!response.ok) return;
        manifestText = await response.text();
      } catch (_) {
        // Offline: the stored version (if any) serves; the download resumes later.
        if (!record.manifest) return;
        manifestText = record.manifest;
      }
      const manifest = JSON.parse(manifestText);
      const plan = await missing(db, manifest);
      const held = manifest.download_bytes - bytesOf(plan);
      record = Object.assign(record, {
        version: manifest.version,
        pending: manifestText,
        done: Math.max(0, held),
        total: manifest.download_bytes,
        updated_at: Date.now(),
      });
      await putCourse(db, record);
      await tellProgress(record);
      const cache = await caches.open(MEDIA_CACHE);
      const items = [
        ...plan.lessons.map((lesson) => ({ url: "/api/lessons/" + lesson.hash, lesson })),
        ...plan.pictures.map((picture) => ({ url: "/media/" + picture.hash, picture })),
      ];
      for (const item of items) {
        const now = await courseRecord(db, id);
        if (!now || now.status !== "downloading") return;
        let response;
        try {
          response = await fetch(item.url, { credentials: "same-origin" });
        } catch (_) {
          return;
        }
        if (!response.ok) return;
        if (item.lesson) {
          const body = await response.text();
          const tx = db.transaction(LESSONS, "readwrite");
          tx.objectStore(LESSONS).put({ hash: item.lesson.hash, body, bytes: body.length }, item.lesson.hash);
          await committed(tx);
        } else {
          await cache.put(item.url, response);
        }
        now.done += item.lesson ? item.lesson.bytes : item.picture.bytes;
        now.updated_at = Date.now();
        await putCourse(db, now);
        await tellProgress(now);
      }
      const finished = await courseRecord(db, id);
      if (!finished || finished.status !== "downloading") return;
      // Everything is here: the new version replaces the old in one step.
      finished.manifest = finished.pending;
      delete finished.pending;
      finished.status = "ready";
      finished.done = finished.total;
      finished.updated_at = Date.now();
      await putCourse(db, finished);
      await collectGarbage(db);
      await tellProgress(finished);
    } finally {
      db.close();
    }
  })().finally(() => running.delete(id));
  running.set(id, work);
  return work;
}

// Drops lessons and pictures no stored course refers to any more (after a delete or update).
async function collectGarbage(db) {
  const records = await settled(db.transaction(COURSES).objectStore(COURSES).getAll());
  const lessons = new Set();
  const pictures = new Set();
  for (const record of records) {
    for (const text of [record.manifest, record.pending]) {
      if (!text) continue;
      const manifest = JSON.parse(text);
      if (manifest.cover) pictures.add("/media/" + manifest.cover.hash);
      for (const lesson of manifest.lessons) {
        lessons.add(lesson.hash);
        for (const picture of lesson.media) pictures.add("/media/" + picture.hash);
      }
    }
  }
  const tx = db.transaction(LESSONS, "readwrite");
  const store = tx.objectStore(LESSONS);
  const keys = await settled(store.getAllKeys());
  for (const key of keys) if (!lessons.has(key)) store.delete(key);
  await committed(tx);
  const cache = await caches.open(MEDIA_CACHE);
  for (const request of await cache.keys()) {
    if (!pictures.has(new URL(request.url).pathname)) await cache.delete(request);
  }
}

async function changeCourse(id, change) {
  const db = await openDb();
  if (!db || !db.objectStoreNames.contains(COURSES)) return;
  try {
    const record = (await courseRecord(db, id)) || { id, status: "paused", done: 0, total: 0, version: 0 };
    if (change === "delete") {
      const tx = db.transaction(COURSES, "readwrite");
      tx.objectStore(COURSES).delete(id);
      await committed(tx);
      await collectGarbage(db);
      await tell({ course: id, status: "none", done: 0, total: 0, version: 0 });
      return;
    }
    record.status = change === "pause" ? (record.manifest && !record.pending ? "ready" : "paused") : "downloading";
    record.updated_at = Date.now();
    await putCourse(db, record);
    await tellProgress(record);
  } finally {
    db.close();
  }
  if (change === "download") await download(id);
}

// What fetching the newest version would cost now: `{version, bytes}`, or `{}` offline. For a
// course on the phone that is the delta: only lessons and pictures it does not hold.
async function plan(id) {
  const db = await openDb();
  if (!db || !db.objectStoreNames.contains(LESSONS)) return {};
  try {
    const response = await fetch("/api/courses/" + encodeURIComponent(id), { credentials: "same-origin" });
    if (!response.ok) return {};
    const manifest = await response.json();
    const needed = await missing(db, manifest);
    const pictures = needed.pictures.length * (manifest.header_bytes || 0);
    return { version: manifest.version, bytes: manifest.manifest_bytes + bytesOf(needed) + pictures };
  } catch (_) {
    return {};
  } finally {
    db.close();
  }
}

// Courses left half-way (the signal went, the worker stopped) go on at the next trigger.
async function resumeDownloads() {
  const db = await openDb();
  if (!db || !db.objectStoreNames.contains(COURSES)) return;
  let waiting;
  try {
    waiting = (await settled(db.transaction(COURSES).objectStore(COURSES).getAll())).filter(
      (r) => r.status === "downloading",
    );
  } finally {
    db.close();
  }
  await Promise.all(waiting.map((r) => download(r.id)));
}

self.addEventListener("message", (event) => {
  const data = event.data;
  if (data === "sync") {
    event.waitUntil(resumeDownloads());
    return;
  }
  if (!data || typeof data !== "object" || data.type !== "course") return;
  if (data.change === "plan" && event.ports[0]) {
    event.waitUntil(plan(String(data.id)).then((answer) => event.ports[0].postMessage(answer)));
    return;
  }
  event.waitUntil(changeCourse(String(data.id), data.change));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !/^\/media\/[0-9a-f]{64}$/.test(url.pathname)) return;
  event.respondWith(
    caches
      .open(MEDIA_CACHE)
      .then((cache) => cache.match(url.pathname))
      .then((held) => held || fetch(request)),
  );
});
})();
