import { defineConfig } from "@playwright/test";

// The sync engine runs in the service worker: tests must be able to cut its network too
// (context.setOffline) and to see and delay its requests (context.route). Chromium only.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";

// Each test starts its own server on a free port with its own database and its own copy of the
// built app (see support/server.ts), so tests never share state and can run side by side.
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: {
    // A low-end Android phone's screen.
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "en-US",
    serviceWorkers: "allow",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "sqlite", metadata: { backend: "sqlite" } },
    { name: "postgres", metadata: { backend: "postgres" } },
  ],
});
