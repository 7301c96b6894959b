// Si Kopdes photos (docs/FORMS.md, "Photos"), run by the service worker, which has the image
// decoder, an OffscreenCanvas and IndexedDB without adding a byte to the app's first download.
//
// - Shrinks a photo the app hands over (message `{type: "photo", ...}` with a reply port) to at
//   most the target bytes, re-encoding it as JPEG: a phone camera's 3 MB picture becomes about
//   100 KB, and the re-encoding drops the camera's metadata (the place it was taken, above all).
// - Keeps it in the `photos` object store under `"<account>\u0001sha256:<hex>"` until sent.
// - Answers `GET /api/photos/<hex>` from that store for the signed-in account, so a photo shows
//   offline before it has been uploaded; anything else goes to the network, never to a cache.
// - Uploads the photos an outbox batch refers to before the batch (`uploadPhotos`, used by
//   sync.js): the server refuses an answer whose photo it does not hold.
"use strict";

const PHOTOS = "photos";
const PHOTO_PREFIX = "sha256:";

function photoKey(account, ref) {
  return account + "\u0001" + ref;
}

async function photoStore() {
  const db = await openDb();
  if (!db) return null;
  if (!db.objectStoreNames.contains(PHOTOS)) {
    db.close();
    return null;
  }
  return db;
}

async function shrink(file, target, maxSide) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  let scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  let smallest = null;
  for (let round = 0; round < 6; round += 1) {
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
    for (const quality of [0.82, 0.7, 0.58, 0.46]) {
      const blob = await canvas.convertToBlob({ type: "image/jpeg", quality });
      if (!smallest || blob.size < smallest.size) smallest = blob;
      if (blob.size <= target) {
        bitmap.close();
        return { blob, width, height };
      }
    }
    // Still too big at the lowest quality worth reading: fewer pixels.
    scale *= 0.75;
  }
  bitmap.close();
  return { blob: smallest, width: 0, height: 0 };
}

async function hexDigest(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Shrinks, names and keeps one photo; answers what the app shows and stores in the form.
async function keepPhoto(message) {
  let shrunk;
  try {
    shrunk = await shrink(message.file, message.target, message.max_side);
  } catch (_) {
    return { ok: false, error: "unreadable" };
  }
  const bytes = await shrunk.blob.arrayBuffer();
  const ref = PHOTO_PREFIX + (await hexDigest(bytes));
  const db = await photoStore();
  if (!db) return { ok: false, error: "no_store" };
  try {
    const tx = db.transaction(PHOTOS, "readwrite", { durability: "strict" });
    const store = tx.objectStore(PHOTOS);
    const key = photoKey(message.account, ref);
    const existing = await settled(store.get(key));
    if (!existing) {
      store.put(
        {
          account: message.account,
          ref,
          cooperative: message.cooperative,
          blob: new Blob([bytes], { type: "image/jpeg" }),
          size: bytes.byteLength,
          made_at: Date.now(),
          uploaded: false,
        },
        key,
      );
    }
    await committed(tx);
  } catch (error) {
    const quota = error && error.name === "QuotaExceededError";
    return { ok: false, error: quota ? "quota" : "not_saved" };
  } finally {
    db.close();
  }
  return {
    ok: true,
    ref,
    size: bytes.byteLength,
    original: message.file.size,
    width: shrunk.width,
    height: shrunk.height,
  };
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || message.type !== "photo" || !event.ports[0]) return;
  const port = event.ports[0];
  event.waitUntil(
    keepPhoto(message)
      .catch(() => ({ ok: false, error: "not_saved" }))
      .then((answer) => port.postMessage(answer)),
  );
});

async function localPhoto(hex) {
  const db = await photoStore();
  if (!db) return null;
  try {
    const me = await setting(db, "me");
    if (!me) return null;
    const tx = db.transaction(PHOTOS);
    return (await settled(tx.objectStore(PHOTOS).get(photoKey(me.id, PHOTO_PREFIX + hex)))) || null;
  } finally {
    db.close();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const match = /^\/api\/photos\/([0-9a-f]{64})$/.exec(url.pathname);
  if (url.origin !== self.location.origin || !match) return;
  event.respondWith(
    localPhoto(match[1])
      .catch(() => null)
      .then((kept) =>
        kept
          ? new Response(kept.blob, {
              headers: { "content-type": kept.blob.type, "cache-control": "no-store" },
            })
          : fetch(request),
      ),
  );
});

// The photos an operation's answers refer to, with the cooperative they are for.
function photoRefs(entry) {
  if (entry.kind !== "form_response") return [];
  let op;
  try {
    op = JSON.parse(entry.op);
  } catch (_) {
    return [];
  }
  const data = op.data || {};
  return Object.values(data.answers || {})
    .filter((value) => typeof value === "string" && value.startsWith(PHOTO_PREFIX))
    .map((ref) => ({ ref, cooperative: data.cooperative_id }));
}

async function markPhoto(db, key, change) {
  const tx = db.transaction(PHOTOS, "readwrite", { durability: "strict" });
  const store = tx.objectStore(PHOTOS);
  const photo = await settled(store.get(key));
  if (photo) store.put(Object.assign(photo, change), key);
  await committed(tx);
}

// Uploads what the batch needs and the server may not have yet. Answers null when the batch may
// go, else a result like push()'s: "network", "busy" (with retryAfter) or "sign_in". A photo the
// server refuses (damaged, too large) is marked and not tried again: the answer referring to it
// comes back rejected, and the person takes the photo again.
async function uploadPhotos(db, account, batch) {
  if (!db.objectStoreNames.contains(PHOTOS)) return null;
  for (const { ref, cooperative } of batch.flatMap(photoRefs)) {
    const key = photoKey(account, ref);
    const photo = await settled(db.transaction(PHOTOS).objectStore(PHOTOS).get(key));
    if (!photo || photo.uploaded || photo.refused) continue;
    let response;
    try {
      response = await fetch(
        "/api/photos/" + ref.slice(PHOTO_PREFIX.length) + "?cooperative=" + encodeURIComponent(cooperative),
        {
          method: "PUT",
          headers: { "content-type": photo.blob.type },
          body: photo.blob,
          credentials: "same-origin",
          cache: "no-store",
        },
      );
    } catch (_) {
      return { kind: "network" };
    }
    const status = response.status;
    // Read the answer to its end, so the request finishes and its connection is free for the
    // next (an answer left unread under `no-store` is never read at all).
    await response.text().catch(() => {});
    if (status === 200 || status === 201) {
      await markPhoto(db, key, { uploaded: true });
    } else if (status === 401) {
      return { kind: "sign_in" };
    } else if (status === 408 || status === 429 || status >= 500) {
      return { kind: "busy", retryAfter: retryAfterMs(response) };
    } else {
      await markPhoto(db, key, { refused: status });
    }
  }
  return null;
}
