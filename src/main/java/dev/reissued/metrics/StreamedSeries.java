package dev.reissued.metrics;

import dev.reissued.db.Jdbc;
import java.io.IOException;

/**
 * Series too many to register as meters (one or more per certificate): written straight into the
 * scrape's text from the database, inside one read-only transaction with one snapshot. A family to
 * add (say, per cloud resource) implements this and is listed in {@link ReissuedMetrics}.
 */
interface StreamedSeries {
  /**
   * Reads what must be known before the first byte is sent (small aggregates), so that a database
   * that fails fails the scrape with a 503; the rendering it answers streams the rest on the same
   * handle.
   */
  Rendering prepare(Jdbc.Handle handle);

  @FunctionalInterface
  interface Rendering {
    void writeTo(PrometheusText text) throws IOException;
  }
}
