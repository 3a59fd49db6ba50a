package dev.reissued.metrics;

/**
 * Series read from the database at each scrape: a few aggregate queries, the same on every node.
 */
interface DatabaseSeries {
  void refresh();
}
