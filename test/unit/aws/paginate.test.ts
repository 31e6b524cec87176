import { describe, expect, it } from "vitest";
import { collectPages } from "../../../src/aws/paginate.js";

type Page = { items?: number[] };

/** Pages as an SDK paginator yields them, recording how many were asked for and whether it was ended. */
function pagesOf(pages: Page[]) {
  const seen = { pulled: 0, ended: false };
  async function* generate(): AsyncGenerator<Page> {
    try {
      for (const page of pages) {
        seen.pulled += 1;
        yield page;
      }
    } finally {
      seen.ended = true;
    }
  }
  return { pages: generate(), seen };
}

const pick = (page: Page) => page.items;

describe("collectPages", () => {
  it("keeps every item of every page in page order and reports the running count after each page", async () => {
    const { pages, seen } = pagesOf([{ items: [1, 2] }, { items: [3] }, { items: [4, 5, 6] }]);
    const counts: number[] = [];
    await expect(collectPages(pages, pick, (n) => counts.push(n))).resolves.toEqual([1, 2, 3, 4, 5, 6]);
    expect(counts).toEqual([2, 3, 6]);
    expect(seen).toEqual({ pulled: 3, ended: true });
  });

  it("goes on through empty pages and pages without the item list, reporting progress for each", async () => {
    const { pages } = pagesOf([{ items: [] }, {}, { items: [7] }, {}]);
    const counts: number[] = [];
    await expect(collectPages(pages, pick, (n) => counts.push(n))).resolves.toEqual([7]);
    expect(counts).toEqual([0, 0, 1, 1]);
  });

  it("returns nothing for a paginator with no pages, without reporting progress", async () => {
    const counts: number[] = [];
    await expect(collectPages(pagesOf([]).pages, pick, (n) => counts.push(n))).resolves.toEqual([]);
    expect(counts).toEqual([]);
  });

  it("works without a progress listener", async () => {
    await expect(collectPages(pagesOf([{ items: [1] }, { items: [2] }]).pages, pick)).resolves.toEqual([1, 2]);
  });

  it("with a limit, stops asking for pages once that many items are in and returns exactly that many", async () => {
    const { pages, seen } = pagesOf([{ items: [1, 2] }, { items: [3, 4] }, { items: [5, 6] }]);
    const counts: number[] = [];
    await expect(collectPages(pages, pick, (n) => counts.push(n), 3)).resolves.toEqual([1, 2, 3]);
    // The second page was the last one asked for, and the paginator was ended.
    expect(seen).toEqual({ pulled: 2, ended: true });
    expect(counts).toEqual([2, 4]);
  });

  it("with a limit reached exactly at the end of a page, asks for no further page", async () => {
    const { pages, seen } = pagesOf([{ items: [1, 2] }, { items: [3] }]);
    await expect(collectPages(pages, pick, undefined, 2)).resolves.toEqual([1, 2]);
    expect(seen.pulled).toBe(1);
  });

  it("with a limit above the total, pages to the end", async () => {
    const { pages, seen } = pagesOf([{ items: [1] }, {}, { items: [2] }]);
    await expect(collectPages(pages, pick, undefined, 10)).resolves.toEqual([1, 2]);
    expect(seen).toEqual({ pulled: 3, ended: true });
  });

  it("passes a paginator's failure on", async () => {
    async function* failing(): AsyncGenerator<Page> {
      yield { items: [1] };
      throw new Error("ThrottlingException");
    }
    await expect(collectPages(failing(), pick)).rejects.toThrow("ThrottlingException");
  });
});
