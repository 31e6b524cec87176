/**
 * The loop every listing wrapper shares: walk an SDK paginator, keep the items of each page,
 * report progress after each page. It takes any async iterable of pages, so it needs no SDK
 * module of its own (the wrappers load theirs with `import()`).
 */

/** Called after each page with the number of items kept so far, for progress on a terminal. */
export type PageListener = (itemsSoFar: number) => void;

/**
 * Every item of every page, in page order. `pickItems` returns a page's items (undefined
 * counts as none: an empty page still reports progress). With `limit`, paging stops as soon
 * as that many items are in (leaving the loop ends the paginator, so no further page is
 * asked for) and exactly `limit` items are returned.
 */
export async function collectPages<Page, Item>(
  pages: AsyncIterable<Page>,
  pickItems: (page: Page) => readonly Item[] | undefined,
  onPage?: PageListener,
  limit?: number,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) {
    items.push(...(pickItems(page) ?? []));
    onPage?.(items.length);
    if (limit !== undefined && items.length >= limit) return items.slice(0, limit);
  }
  return items;
}
