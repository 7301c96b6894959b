import { APIRequestContext, expect, request as playwrightRequest } from "@playwright/test";
import { DEMO_PASSWORD } from "./app-page";

/** A separate API client signed in as someone, to set the scene faster than through screens. */
export async function apiAs(
  baseURL: string,
  phone: string,
  password = DEMO_PASSWORD,
): Promise<{ api: APIRequestContext; cookie: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const response = await api.post("/api/session", { data: { phone, password } });
  expect(response.status()).toBe(200);
  const cookie = response.headers()["set-cookie"].split(";")[0];
  return { api, cookie };
}
