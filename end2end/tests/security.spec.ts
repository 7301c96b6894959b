import { expect, test } from "../support/fixtures";
import { apiAs } from "../support/api";
import { DEMO_PASSWORD } from "../support/app-page";

// The chair of Cangkuang Wetan (README demo accounts).
const CHAIR = "0812-3204-1201";

test("a page of another site cannot change a signed-in person's password", async ({ app, page }) => {
  await app.signIn(CHAIR);

  // The classic JSON CSRF: a form posting text that happens to parse as JSON, sent by the
  // browser with whatever cookies it is willing to attach.
  const target = `${app.baseUrl}/api/me/password`;
  await page.route("http://evil.test/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><form method="post" enctype="text/plain" action="${target}">
        <input name='{"current_password":"${DEMO_PASSWORD}","new_password":"dicuri-orang-2026","x":"' value='"}'>
        </form><script>document.forms[0].submit()</script>`,
    }),
  );
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url() === target),
    page.goto("http://evil.test/"),
  ]);

  expect(answer.status()).toBe(403);
  expect((await answer.json()).code).toBe("cross_site");

  // Nothing changed: the old password still works, the new one does not.
  const { api } = await apiAs(app.baseUrl, CHAIR, DEMO_PASSWORD);
  await api.dispose();
  const stolen = await page.request.post(`${app.baseUrl}/api/session`, {
    data: { phone: CHAIR, password: "dicuri-orang-2026" },
  });
  expect(stolen.status()).toBe(401);
  // And the person is still signed in on their phone.
  await app.open("/");
  await expect(page.getByTestId("greeting")).toBeVisible();
});
