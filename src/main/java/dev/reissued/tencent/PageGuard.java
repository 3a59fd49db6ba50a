package dev.reissued.tencent;

import java.util.function.Function;

/**
 * The bounds a pager keeps when the answers decide when it ends: a total that cannot be true ends
 * it at once, a page that brings nothing not seen before ends it, and so do a few pages more than
 * the largest total needs. A pager answering the same page with a total of 2^31-1 would otherwise
 * ask forever.
 */
final class PageGuard {
  /** Far past any one account's resources or records. */
  static final long MAX_TOTAL = 100_000;

  /** Pages allowed past what the largest total needs, for entries added while paging. */
  static final int EXTRA_PAGES = 3;

  private final int pageSize;
  private long largestTotal;
  private int pages;

  PageGuard(int pageSize) {
    this.pageSize = pageSize;
  }

  /**
   * Takes one page: its claimed {@code total}, whether it is the {@code last} by the listing's own
   * rule, and whether it brought {@code news} (an entry not seen before). True when the listing is
   * complete; false to ask for the next page; {@code failure} of what does not add up otherwise.
   */
  boolean finished(
      long total, boolean last, boolean news, Function<String, RuntimeException> failure) {
    pages++;
    if (total < 0 || total > MAX_TOTAL) {
      throw failure.apply(
          "page "
              + pages
              + " says TotalCount "
              + total
              + "; reissued pages through at most "
              + MAX_TOTAL);
    }
    largestTotal = Math.max(largestTotal, total);
    if (last) {
      return true;
    }
    if (!news) {
      throw failure.apply(
          "page " + pages + " brings nothing not seen before: the pager repeats itself");
    }
    long needed = (largestTotal + pageSize - 1) / pageSize;
    if (pages >= needed + EXTRA_PAGES) {
      throw failure.apply(
          pages
              + " pages read and not done, for TotalCount "
              + largestTotal
              + " in pages of "
              + pageSize
              + " ("
              + needed
              + " needed)");
    }
    return false;
  }
}
