import { expect, Locator, Page } from "@playwright/test";

/** The password every demo account has (README). */
export const DEMO_PASSWORD = "kopdes-demo-2026";

/** The app as a person sees it: what they read and what they tap. */
export class AppPage {
  readonly title: Locator;
  readonly homeTitle: Locator;
  readonly connectivity: Locator;
  readonly serverStatus: Locator;
  readonly updateBanner: Locator;
  readonly updateReload: Locator;
  readonly notFound: Locator;
  readonly navAbout: Locator;
  readonly navHome: Locator;

  constructor(readonly page: Page, readonly baseUrl: string) {
    this.title = page.getByTestId("app-title");
    this.homeTitle = page.getByTestId("home-title");
    this.connectivity = page.getByTestId("connectivity");
    this.serverStatus = page.getByTestId("server-status");
    this.updateBanner = page.getByTestId("update-banner");
    this.updateReload = page.getByTestId("update-reload");
    this.notFound = page.getByTestId("not-found");
    this.navAbout = page.getByTestId("nav-about");
    this.navHome = page.getByTestId("nav-home");
  }

  async open(path = "/") {
    await this.page.goto(this.baseUrl + path);
    await expect(this.title).toBeVisible();
  }

  /** Signs in through the form, as a person would, and waits for the greeting. */
  async signIn(phone: string, password = DEMO_PASSWORD) {
    await this.open("/masuk");
    await this.page.getByTestId("input-phone").fill(phone);
    await this.page.getByTestId("input-password").fill(password);
    await this.page.getByTestId("submit").click();
    await expect(this.page.getByTestId("greeting")).toBeVisible();
  }

  async signOut() {
    await this.page.getByTestId("nav-home").click();
    await this.page.getByTestId("sign-out").click();
    await this.page.getByTestId("confirm-sign-out").click();
    await expect(this.page.getByTestId("go-sign-in")).toBeVisible();
  }

  about(testId: string): Locator {
    return this.page.getByTestId(`about-${testId}`);
  }

  /** Switches the language and waits until the phone has remembered it (a reload right after
   * must find it). */
  async switchLanguage(code: "id" | "en") {
    await this.page.getByTestId(`lang-${code}`).click();
    await expect(this.page.locator("html")).toHaveAttribute("lang", code);
    await expect
      .poll(() =>
        this.page.evaluate(
          () =>
            new Promise<string | null>((resolve) => {
              const open = indexedDB.open("kopdes");
              open.onerror = () => resolve(null);
              open.onsuccess = () => {
                const read = open.result.transaction("settings").objectStore("settings").get("lang");
                read.onsuccess = () => {
                  resolve(typeof read.result === "string" ? JSON.parse(read.result) : null);
                  open.result.close();
                };
                read.onerror = () => resolve(null);
              };
            }),
        ),
      )
      .toBe(code);
  }

  /** Waits until the service worker has cached the shell and controls this page. */
  async waitUntilOfflineReady() {
    await this.page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === "activated" && navigator.serviceWorker.controller !== null;
    });
  }

  async buildId(): Promise<string | null> {
    return this.page.locator('meta[name="kopdes-build"]').getAttribute("content");
  }
}
