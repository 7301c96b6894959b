import { test as base } from "@playwright/test";
import { AppServer, Backend } from "./server";
import { AppPage } from "./app-page";

type Fixtures = { server: AppServer; app: AppPage; demo: boolean };

/** Every test gets a fresh server on the project's database and a page object bound to it. */
export const test = base.extend<Fixtures>({
  // `test.use({ demo: false })`: a deployment with nobody in it yet.
  demo: [true, { option: true }],
  server: async ({ demo }, use, testInfo) => {
    const backend = (testInfo.project.metadata.backend ?? "sqlite") as Backend;
    const server = await AppServer.start(backend, { demo });
    await use(server);
    await server.stop();
  },
  app: async ({ page, server }, use) => {
    await use(new AppPage(page, server.url));
  },
});

export { expect } from "@playwright/test";
