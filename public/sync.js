// Si Kopdes sync engine (docs/SYNC.md), run by the service worker: queued changes reach the
// server when the signal comes back even if the app was closed (Background Sync), and one
// engine serves every open tab, so two tabs never send the same queue twice at once.
//
// The app (Rust, app/src/outbox.rs) writes each change to the `outbox` object store before it
// says "saved"; this file only sends what is there and files the server's answers. It never
// creates or upgrades the database: a phone that has not run the app yet has nothing to send.
"use strict";

const DB_NAME = "kopdes";
const OUTBOX = "outbox";
const SETTINGS = "settings";
const RECORDS = "records";
// Pages of changes one pass pulls at most (200 changes each); the next trigger goes on.
const PULL_PAGES = 50;
const BATCH = 100;
const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 5 * 60 * 1000;
// A service worker event may run for about five minutes: retry within that, then leave the rest
// to the next trigger (the app opening, the phone coming online, Background Sync).
const RUN_LIMIT_MS = 4 * 60 * 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function settled(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("aborted"));
  });
}

async function openDb() {
  const request = indexedDB.open(DB_NAME);
  // No version asked for: this opens whatever the app made. If it made nothing, creating an
  // empty database here would stop the app from making its own; abort instead.
  request.onupgradeneeded = () => request.transaction.abort();
  let db;
  try {
    db = await settled(request);
  } catch (_) {
    return null;
  }
  if (!db.objectStoreNames.contains(OUTBOX)) {
    db.close();
    return null;
  }
  // A newer app upgrading the schema must not wait for this connection.
  db.onversionchange = () => db.close();
  return db;
}

// Settings are JSON text, as the app writes them.
async function setting(db, key) {
  const text = await settled(db.transaction(SETTINGS).objectStore(SETTINGS).get(key));
  return typeof text === "string" ? JSON.parse(text) : null;
}

async function setSetting(db, key, value) {
  const tx = db.transaction(SETTINGS, "readwrite", { durability: "strict" });
  tx.objectStore(SETTINGS).put(JSON.stringify(value), key);
  await committed(tx);
}

function pullKey(account) {
  return "pull\u0001" + account;
}

// Keys of the `records` store: one account's records of one cooperative are one key range.
function recordKey(account, record) {
  const data = record.data;
  const cooperative = record.kind === "cooperative" ? data.id : data.cooperative_id;
  return [account, cooperative, record.kind, data.id].join("\u0001");
}

function accountRange(account) {
  return IDBKeyRange.bound(account + "\u0001", account + "\u0002", false, true);
}

// Files one pull answer in one durable transaction with its cursor, so the records on the phone
// and the cursor never disagree (a crash repeats the pull; records carry versions).
async function filePull(db, account, answer) {
  const tx = db.transaction([RECORDS, SETTINGS], "readwrite", { durability: "strict" });
  const store = tx.objectStore(RECORDS);
  // Signed out (or someone else signed in) meanwhile: file nothing. Inside the transaction, so
  // a sign-out's clean-up runs wholly before or wholly after this.
  const me = tx.objectStore(SETTINGS).get("me");
  me.onsuccess = () => {
    const now = typeof me.result === "string" ? JSON.parse(me.result) : null;
    if (!now || now.id !== account) tx.abort();
  };
  if (answer.reset) store.delete(accountRange(account));
  const at = Date.now();
  for (const record of answer.records) {
    const key = recordKey(account, record);
    const read = store.get(key);
    read.onsuccess = () => {
      const kept = read.result;
      // A record that came twice keeps its higher version (officers have none: the newest wins).
      if (kept && kept.version > (record.data.version || 0)) return;
      store.put(
        {
          account,
          kind: record.kind,
          id: record.data.id,
          data: JSON.stringify(record.data),
          version: record.data.version || 0,
          pulled_at: at,
        },
        key,
      );
    };
  }
  if (answer.removed && answer.removed.length) {
    const gone = new Set(answer.removed.map((r) => r.kind + "\u0001" + r.id));
    const keys = store.getAllKeys(accountRange(account));
    keys.onsuccess = () => {
      for (const key of keys.result) {
        const [, , kind, id] = key.split("\u0001");
        if (gone.has(kind + "\u0001" + id)) store.delete(key);
      }
    };
  }
  tx.objectStore(SETTINGS).put(JSON.stringify({ cursor: answer.cursor, at }), pullKey(account));
  await committed(tx);
}

// Brings the account's cooperatives, units and officers on the phone up to date (docs/SYNC.md,
// "Pull"). Answers "done", or why it stopped: "network", "busy" or "sign_in"; the next trigger
// pulls again from the stored cursor.
async function pullChanges(db, account) {
  if (!db.objectStoreNames.contains(RECORDS)) return "done";
  for (let page = 0; page < PULL_PAGES; page += 1) {
    const state = (await setting(db, pullKey(account))) || {};
    const query = state.cursor ? "?cursor=" + encodeURIComponent(state.cursor) : "";
    let response;
    try {
      response = await fetch("/api/sync/pull" + query, { credentials: "same-origin", cache: "no-store" });
    } catch (_) {
      return "network";
    }
    if (response.status === 400 && state.cursor) {
      // A cursor the server cannot read any more: start over with the whole scope.
      await setSetting(db, pullKey(account), {});
      continue;
    }
    if (response.status === 401) return "sign_in";
    if (response.status !== 200) return "busy";
    let answer;
    try {
      answer = await response.json();
    } catch (_) {
      return "network";
    }
    try {
      await filePull(db, account, answer);
    } catch (_) {
      return "done";
    }
    if (!answer.more) break;
  }
  await tell("pulled");
  return "done";
}

// Counts the announcements the account has not read (leaving out those read on this phone and
// not yet sent) and tells the app, for the badge on its navigation. Kept in settings, so a pass
// without a signal still tells the last count.
async function countUnread(db, account) {
  const key = "unread\u0001" + account;
  let count = await setting(db, key);
  try {
    const response = await fetch("/api/announcements", { credentials: "same-origin", cache: "no-store" });
    if (response.status === 200) {
      const readHere = new Set((await setting(db, "announcement-reads\u0001" + account)) || []);
      const feed = await response.json();
      count = feed.filter((a) => !a.read && !readHere.has(a.id)).length;
      await setSetting(db, key, count);
    }
  } catch (_) {
    // Offline: the last count stands.
  }
  if (typeof count === "number") await tell({ unread: count });
}

function statusKey(account) {
  return "sync\u0001" + account;
}

async function noteStatus(db, account, change) {
  const status = (await setting(db, statusKey(account))) || {};
  await setSetting(db, statusKey(account), Object.assign(status, change));
}

// One account's entries in the order they were made (the key is a counter).
async function entriesOf(db, account) {
  const all = await settled(db.transaction(OUTBOX).objectStore(OUTBOX).getAll());
  return all.filter((entry) => entry.account === account);
}

// Queued entries that may go now: an entry waits behind an earlier one of the same record that
// was set aside (conflict or rejected), since it was made on top of it.
function sendable(entries) {
  const held = new Set();
  const ready = [];
  for (const entry of entries) {
    if (entry.state !== "queued") held.add(entry.record);
    else if (!held.has(entry.record)) ready.push(entry);
  }
  return ready;
}

async function gzip(text) {
  if (typeof CompressionStream === "undefined") return null;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

// Seconds or an HTTP date, as the header allows; 0 when absent or unreadable.
function retryAfterMs(response) {
  const value = response.headers.get("retry-after");
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
}

// Exponential back-off with "equal jitter": half the step fixed, half random, so phones that
// lost the same link do not all come back in the same second; never sooner than Retry-After.
function backoffMs(attempt, retryAfter) {
  const step = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (attempt - 1));
  return Math.max(step / 2 + Math.random() * (step / 2), retryAfter);
}

// Sends one batch: the operations exactly as they were written, inside an envelope naming
// their account (the server refuses to apply them in anyone else's name).
async function push(account, batch) {
  const text =
    '{"account":' + JSON.stringify(account) + ',"operations":[' +
    batch.map((entry) => entry.op).join(",") + "]}";
  const headers = { "content-type": "application/json" };
  let body = text;
  const packed = await gzip(text);
  if (packed) {
    body = packed;
    headers["content-encoding"] = "gzip";
  }
  let response;
  try {
    response = await fetch("/api/sync/push", {
      method: "POST",
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (_) {
    return { kind: "network" };
  }
  const status = response.status;
  if (status === 200) {
    try {
      return { kind: "answered", results: (await response.json()).results };
    } catch (_) {
      // The answer was cut off: the push may have been applied, so send it again as it is.
      return { kind: "network" };
    }
  }
  if (status === 401) return { kind: "sign_in" };
  if (status === 413) return { kind: "too_large" };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "busy", retryAfter: retryAfterMs(response) };
  }
  // The server cannot read the push itself; sending it again will not change that.
  let code = "bad_request";
  try {
    code = (await response.json()).error.code || code;
  } catch (_) {}
  return { kind: "refused", code };
}

// Files the server's answers in one durable transaction: applied ones leave the outbox, the
// rest are set aside with their answer. An entry the app removed meanwhile stays removed.
async function file(db, batch, answers) {
  const byId = new Map(answers.map((answer) => [answer.id, answer]));
  const tx = db.transaction(OUTBOX, "readwrite", { durability: "strict" });
  const store = tx.objectStore(OUTBOX);
  for (const entry of batch) {
    const answer = byId.get(entry.id);
    if (!answer) continue;
    const outcome = answer.outcome === "duplicate" ? answer.of : answer;
    const read = store.get(entry.seq);
    read.onsuccess = () => {
      const current = read.result;
      if (!current || current.state !== "queued") return;
      if (outcome.outcome === "applied") {
        store.delete(entry.seq);
      } else {
        current.state = outcome.outcome === "conflict" ? "conflict" : "rejected";
        current.outcome = JSON.stringify(outcome);
        store.put(current);
      }
    };
  }
  await committed(tx);
}

function setAside(db, batch, code) {
  return file(
    db,
    batch,
    batch.map((entry) => ({ id: entry.id, outcome: "rejected", code })),
  );
}

async function tell(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage(message);
}

// One pass over the signed-in account's outbox. Answers "done", "offline", "sign_in" or
// "failed" (the server kept failing within this run).
async function run() {
  const db = await openDb();
  if (!db) return "done";
  try {
    const me = await setting(db, "me");
    if (!me) return "done";
    const account = me.id;
    const started = Date.now();
    let limit = BATCH;
    let attempt = 0;
    for (;;) {
      const now = await setting(db, "me");
      if (!now || now.id !== account) return "done";
      const batch = sendable(await entriesOf(db, account)).slice(0, limit);
      if (batch.length === 0) {
        // Everything sent: now what changed elsewhere comes down.
        const pulled = await pullChanges(db, account);
        // Signed out meanwhile: the cookie may now be someone else's, so nothing more is asked
        // or noted for this account.
        const still = await setting(db, "me");
        if (!still || still.id !== account) return "done";
        await countUnread(db, account);
        if (pulled === "sign_in") {
          await noteStatus(db, account, { problem: "sign_in", retry_at: null });
          await tell("sign_in");
          return "sign_in";
        }
        await noteStatus(db, account, { last_ok: Date.now(), problem: null, retry_at: null });
        return "done";
      }
      // Photos first: the server refuses an answer whose photo it does not hold (photos.js).
      const result = (await uploadPhotos(db, account, batch)) || (await push(account, batch));
      if (result.kind === "answered") {
        await file(db, batch, result.results);
        attempt = 0;
        await tell("synced");
        continue;
      }
      if (result.kind === "too_large") {
        if (batch.length === 1) await setAside(db, batch, "payload_too_large");
        else limit = Math.max(1, batch.length >> 1);
        continue;
      }
      if (result.kind === "refused") {
        await setAside(db, batch, result.code);
        await tell("synced");
        continue;
      }
      if (result.kind === "sign_in") {
        await noteStatus(db, account, { problem: "sign_in", retry_at: null });
        await tell("sign_in");
        return "sign_in";
      }
      // No answer, or the server is busy: wait and send the same batch again.
      if (result.kind === "network" && !navigator.onLine) {
        await noteStatus(db, account, { problem: "offline", retry_at: null });
        await countUnread(db, account);
        await tell("synced");
        return "offline";
      }
      attempt += 1;
      const wait = backoffMs(attempt, result.retryAfter || 0);
      const problem = result.kind === "busy" ? "server" : "network";
      if (Date.now() - started + wait > RUN_LIMIT_MS) {
        await noteStatus(db, account, { problem, retry_at: null });
        await tell("synced");
        return "failed";
      }
      await noteStatus(db, account, { problem, retry_at: Date.now() + wait });
      await tell("synced");
      await sleep(wait);
    }
  } catch (error) {
    // The database closed under us (an app update) or a write failed: the next trigger resumes.
    console.warn("sync stopped", error);
    return "failed";
  } finally {
    db.close();
  }
}

let running = null;
let again = false;

// Starts a pass, or asks the running one to look again when it ends: a change written while a
// push is in flight is sent right after it, never alongside it.
function syncNow() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let result;
    do {
      again = false;
      result = await run();
    } while (again && result === "done");
    return result;
  })().finally(() => {
    running = null;
  });
  return running;
}

self.addEventListener("message", (event) => {
  if (event.data === "sync") event.waitUntil(syncNow());
});

// Background Sync: the browser wakes the worker when the phone is online again, app open or not.
// A rejected promise asks the browser to try again later with its own back-off.
self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  event.waitUntil(
    syncNow().then((result) => {
      if (result === "failed" || result === "offline") throw new Error("outbox not sent yet");
    }),
  );
});
