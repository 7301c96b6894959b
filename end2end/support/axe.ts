import AxeBuilder from "@axe-core/playwright";
import { expect, Page } from "@playwright/test";

/** The rules axe-core judges by: WCAG 2.1, levels A and AA. */
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export type Finding = { page: string; rule: string; impact: string | null | undefined; targets: string[] };

/** What axe-core finds wrong on the page as it is now, named by `label`. */
export async function axeFindings(page: Page, label: string): Promise<Finding[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations.map((v) => ({
    page: label,
    rule: v.id,
    impact: v.impact,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}

/** For a page in a state only a flow reaches (a panel open, errors shown, a certificate). */
export async function expectAccessible(page: Page, label: string) {
  expect(await axeFindings(page, label)).toEqual([]);
}
