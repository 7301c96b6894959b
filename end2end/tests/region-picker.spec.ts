import { writeFileSync } from "node:fs";
import { expect, test } from "../support/fixtures";

test("picking a village fetches only the opened branches, once each, and reports their bytes", async ({ app }, testInfo) => {
  const page = app.page;
  await app.signIn("0811-0000-0001");
  await page.getByTestId("nav-cooperatives").click();

  const fetched: { path: string; body: number; headers: number }[] = [];
  page.on("requestfinished", async (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith("/api/regions")) return;
    const sizes = await request.sizes();
    fetched.push({ path, body: sizes.responseBodySize, headers: sizes.responseHeadersSize });
  });

  await page.getByTestId("register-cooperative").click();
  await page.getByTestId("region-province").selectOption({ label: "Jawa Barat" });
  await page.getByTestId("region-regency").selectOption({ label: "Kabupaten Bandung" });
  await page.getByTestId("region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("region-village").selectOption({ label: "Cangkuang Wetan" });
  await expect.poll(() => fetched.length).toBe(4);
  expect(fetched.map((f) => f.path)).toEqual([
    "/api/regions",
    "/api/regions/32",
    "/api/regions/32.04",
    "/api/regions/32.04.12",
  ]);

  // Going back up and down again costs nothing: every branch opened is on the phone.
  await page.getByTestId("region-district").selectOption({ label: "Baleendah" });
  await expect(page.getByTestId("region-village").locator("option")).not.toHaveCount(1);
  await page.getByTestId("region-district").selectOption({ label: "Dayeuhkolot" });
  await page.getByTestId("region-village").selectOption({ label: "Cangkuang Wetan" });
  await expect.poll(() => fetched.length).toBe(5);
  expect(fetched[4].path).toBe("/api/regions/32.04.32");

  const cold = fetched.slice(0, 4);
  const report = {
    requests: cold.length,
    bodyBytes: cold.reduce((sum, f) => sum + f.body, 0),
    headerBytes: cold.reduce((sum, f) => sum + f.headers, 0),
    perRequest: cold,
  };
  writeFileSync(testInfo.outputPath("region-picker-bytes.json"), JSON.stringify(report, null, 2));
  console.log(`region picker, one village cold (${testInfo.project.name}): ${JSON.stringify(report)}`);
  expect(report.bodyBytes).toBeGreaterThan(0);
});
