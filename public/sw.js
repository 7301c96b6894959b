// Si Kopdes service worker: keeps the app shell on the phone so the app opens with no network.
// The build fills in VERSION and PRECACHE (the real file list of the build); see
// scripts/build-app.sh. It never stores /api responses: those hold one person's data and belong
// in the app's own IndexedDB, scoped to that person.
const VERSION = "{{VERSION}}";
const PRECACHE = "{{PRECACHE}}";
const CACHE_PREFIX = "kopdes-shell-";
const CACHE = CACHE_PREFIX + VERSION;

// The outbox's sender (docs/SYNC.md), the photo keeper (docs/FORMS.md) and the course
// downloader (docs/TRAINING.md). Imported scripts are
// part of the worker: a changed one changes VERSION too, so it installs like any other update.
importScripts("/sync.js", "/photos.js", "/courses.js");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `no-cache` so a stale HTTP-cached index.html or manifest never enters a new shell.
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "no-cache" })))
    )
  );
  // No skipWaiting here: an update waits until the person taps "Muat ulang", since they may be
  // half-way through a form in the page the old version controls.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  // Pictures are answered by courses.js, from the courses downloaded.
  if (url.pathname.startsWith("/media/")) return;

  if (request.mode === "navigate") {
    // Every app route is the same shell; the app's router picks the page.
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match("/index.html"))
        .then((shell) => shell || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request))
      .then((cached) => cached || fetch(request))
  );
});
