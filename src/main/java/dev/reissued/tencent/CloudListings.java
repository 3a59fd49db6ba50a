package dev.reissued.tencent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud actions' lists read whole, page after page, each entry once. The answers decide when a
 * listing ends, so each keeps {@link PageGuard}'s bounds and fails with {@link
 * LocalCode#INVALID_RESPONSE} when the pages do not add up, rather than asking forever.
 */
public final class CloudListings {
  /** The page DescribeHostUpdateRecord is read in (the documents give no largest one). */
  static final int RECORD_PAGE = 100;

  private final CloudActions actions;

  public CloudListings(CloudActions actions) {
    this.actions = actions;
  }

  /**
   * Every resource a finished query found, of {@code resourceTypes} in {@code regions} (empty for
   * all), each once. The API pages each product's list in each region on its own; this asks with
   * ever larger offsets until no list has more, within {@link PageGuard}'s bounds.
   */
  public List<BoundResource> allBoundResources(
      String taskId, List<String> resourceTypes, List<String> regions) {
    ApiAction action = ApiAction.DESCRIBE_BIND_RESOURCE_TASK_DETAIL;
    int limit = BindResourceDetailRequest.MAX_LIMIT;
    PageGuard guard = new PageGuard(limit);
    Map<String, BoundResource> seen = new LinkedHashMap<>();
    for (int offset = 0; ; offset += limit) {
      BindResourceDetail page =
          actions.describeBindResourceTaskDetail(
              BindResourceDetailRequest.page(taskId, offset, limit, resourceTypes, regions));
      if (page.status() != null && page.status() != BindTaskResult.DONE) {
        throw actions.invalid(
            action,
            null,
            "the detail of bind-resource task "
                + taskId
                + " says Status "
                + page.status()
                + ": read it once DescribeCertificateBindResourceTaskResult says 1",
            page.requestId());
      }
      long largest =
          page.parts().stream().mapToLong(BindResourceDetail.Part::totalCount).max().orElse(0);
      int before = seen.size();
      page.resources().forEach(resource -> seen.putIfAbsent(resource.key(), resource));
      int at = offset;
      boolean more =
          page.parts().stream()
              .anyMatch(part -> part.returned() > 0 && at + part.returned() < part.totalCount());
      String listing = "the detail of bind-resource task " + taskId;
      if (guard.finished(
          largest,
          !more,
          seen.size() > before,
          wrong -> pagingFailure(action, null, listing, wrong, page.requestId()))) {
        return new ArrayList<>(seen.values());
      }
    }
  }

  /** Every move task for the pair, as the API orders them, each once; bounded like the others. */
  public List<UpdateRecord> allUpdateRecords(String certificateId, String oldCertificateId) {
    PageGuard guard = new PageGuard(RECORD_PAGE);
    Map<Long, UpdateRecord> seen = new LinkedHashMap<>();
    int offset = 0;
    while (true) {
      UpdateRecordPage page =
          actions.describeHostUpdateRecord(certificateId, oldCertificateId, offset, RECORD_PAGE);
      int before = seen.size();
      page.records().forEach(record -> seen.putIfAbsent(record.id(), record));
      offset += page.records().size();
      String listing = "the move tasks of " + oldCertificateId + " -> " + certificateId;
      if (guard.finished(
          page.totalCount(),
          page.records().isEmpty() || offset >= page.totalCount(),
          seen.size() > before,
          wrong ->
              pagingFailure(
                  ApiAction.DESCRIBE_HOST_UPDATE_RECORD,
                  oldCertificateId,
                  listing,
                  wrong,
                  page.requestId()))) {
        return new ArrayList<>(seen.values());
      }
    }
  }

  /** Every resource of a move task, each once; bounded like the others. */
  public List<UpdateRecordDetail> allUpdateRecordDetails(long deployRecordId) {
    PageGuard guard = new PageGuard(CloudActions.MAX_DETAIL_LIMIT);
    Map<Object, UpdateRecordDetail> seen = new LinkedHashMap<>();
    for (int offset = 0; ; offset += CloudActions.MAX_DETAIL_LIMIT) {
      UpdateRecordDetailPage page =
          actions.describeHostUpdateRecordDetail(
              deployRecordId, offset, CloudActions.MAX_DETAIL_LIMIT);
      int before = seen.size();
      for (UpdateRecordDetail detail : page.details()) {
        seen.putIfAbsent(detail.id() != null ? detail.id() : detail.raw(), detail);
      }
      String listing = "the details of move task " + deployRecordId;
      if (guard.finished(
          page.totalCount(),
          page.details().isEmpty() || seen.size() >= page.totalCount(),
          seen.size() > before,
          wrong ->
              pagingFailure(
                  ApiAction.DESCRIBE_HOST_UPDATE_RECORD_DETAIL,
                  null,
                  listing,
                  wrong,
                  page.requestId()))) {
        return new ArrayList<>(seen.values());
      }
    }
  }

  private TencentApiException pagingFailure(
      ApiAction action, String certificateId, String listing, String wrong, String requestId) {
    return actions.invalid(
        action, certificateId, "paging " + listing + " does not add up: " + wrong, requestId);
  }
}
