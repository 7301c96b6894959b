import { expect, test } from "../support/fixtures";

test("the language choice survives a reload", async ({ app }) => {
  await app.open();
  await expect(app.homeTitle).toHaveText("Selamat datang di Si Kopdes");

  await app.switchLanguage("en");
  await expect(app.homeTitle).toHaveText("Welcome to Si Kopdes");
  await expect(app.connectivity).toHaveText("Online");
  await expect(app.page.getByTestId("lang-en")).toHaveAttribute("aria-pressed", "true");

  await app.page.reload();
  await expect(app.homeTitle).toHaveText("Welcome to Si Kopdes");
  await expect(app.page.locator("html")).toHaveAttribute("lang", "en");

  await app.switchLanguage("id");
  await app.page.reload();
  await expect(app.homeTitle).toHaveText("Selamat datang di Si Kopdes");
});
