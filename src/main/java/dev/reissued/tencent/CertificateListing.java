package dev.reissued.tencent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** The whole certificate list of one account, read page by page through DescribeCertificates. */
final class CertificateListing {
  private static final int PAGE = DescribeCertificatesRequest.MAX_LIMIT;

  /**
   * Far past any account reissued is for (tens to thousands of certificates): a bound on paging
   * that answers alone decide.
   */
  static final long MAX_CERTIFICATES = 100_000;

  /** Pages allowed past what TotalCount needs, for certificates added while paging. */
  static final int EXTRA_PAGES = 3;

  private final Function<DescribeCertificatesRequest, DescribeCertificatesResponse> describe;
  private final ApiFailures failures;

  CertificateListing(
      Function<DescribeCertificatesRequest, DescribeCertificatesResponse> describe,
      ApiFailures failures) {
    this.describe = describe;
    this.failures = failures;
  }

  /**
   * Every certificate of the account, paging with the largest page. Stops at {@code TotalCount} or
   * at the first empty page; a certificate seen on two pages (the list shifted while paging) is
   * kept once.
   *
   * <p>Paging is bounded, since the answers decide when it ends: it fails when {@code TotalCount}
   * is negative or above {@value #MAX_CERTIFICATES}, when a page brings no certificate not seen
   * before, or after {@value #EXTRA_PAGES} pages more than the largest {@code TotalCount} needs in
   * pages the size of the first. A pager answering the same page with {@code TotalCount} 2^31-1
   * would otherwise ask forever.
   */
  List<Certificate> all() {
    List<Certificate> all = new ArrayList<>();
    forEachPage(all::addAll);
    return all;
  }

  /**
   * The same listing a page at a time: {@code sink} takes each page's certificates not seen on an
   * earlier page, before the next page is asked for, so that a caller can write them and let them
   * go. Only the ids seen are kept. When paging fails, {@code sink} has taken the pages before.
   */
  void forEachPage(Consumer<List<Certificate>> sink) {
    Set<String> seen = new HashSet<>();
    int offset = 0;
    long largestTotal = 0;
    int pageSize = PAGE;
    for (int pages = 1; ; pages++) {
      DescribeCertificatesResponse page =
          describe.apply(DescribeCertificatesRequest.page(offset, PAGE));
      long total = page.totalCount();
      if (total < 0 || total > MAX_CERTIFICATES) {
        throw pagingFailure(
            "the answer at Offset "
                + offset
                + " says TotalCount "
                + total
                + "; reissued pages through at most "
                + MAX_CERTIFICATES
                + " certificates",
            page);
      }
      largestTotal = Math.max(largestTotal, total);
      List<Certificate> news = new ArrayList<>(page.certificates().size());
      for (Certificate certificate : page.certificates()) {
        if (seen.add(certificate.certificateId())) {
          news.add(certificate);
        }
      }
      int returned = page.certificates().size() + page.skipped();
      offset += returned;
      boolean last = returned == 0 || offset >= total;
      if (!last && news.isEmpty()) {
        throw pagingFailure(
            "the page at Offset "
                + (offset - returned)
                + " brings no certificate not seen before ("
                + seen.size()
                + " read, TotalCount "
                + total
                + "): the pager repeats itself",
            page);
      }
      if (!news.isEmpty()) {
        sink.accept(news);
      }
      if (last) {
        return;
      }
      if (pages == 1) {
        // The API may serve fewer than asked per page; the first page says how many it does.
        pageSize = returned;
      }
      long needed = (largestTotal + pageSize - 1) / pageSize;
      if (pages >= needed + EXTRA_PAGES) {
        throw pagingFailure(
            pages
                + " pages read and not done, for TotalCount "
                + largestTotal
                + " in pages of "
                + pageSize
                + " ("
                + needed
                + " needed)",
            page);
      }
    }
  }

  private TencentApiException pagingFailure(String what, DescribeCertificatesResponse page) {
    return failures.failure(
        ApiAction.DESCRIBE_CERTIFICATES,
        null,
        LocalCode.INVALID_RESPONSE,
        "paging does not add up: " + what,
        page.requestId(),
        null);
  }
}
