// Makes a Chromium profile that holds one person's session cookie, so Lighthouse loads a
// signed-in page the way the phone does: the page and its service worker both send the cookie.
// (Lighthouse's --extra-headers reaches only the page; the worker's sync, refused, would show
// "session ended" and distort the figures.) Lighthouse clears the origin's storage but not its
// cookies, so every run is still a first visit.
//   node scripts/judge/lighthouse-profile.mjs BASE_URL COOKIE PROFILE_DIR
import { chromium } from "../../end2end/node_modules/playwright/index.mjs";

const [base, cookie, dir] = process.argv.slice(2);
const [name, value] = cookie.split("=");
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const { hostname } = new URL(base);
// A session cookie would not outlive this browser; the profile needs it on disk.
const expires = Math.floor(Date.now() / 1000) + 3600;
await context.addCookies([
  { name, value, domain: hostname, path: "/api", httpOnly: true, secure: true, sameSite: "Strict", expires },
]);
await context.close();
