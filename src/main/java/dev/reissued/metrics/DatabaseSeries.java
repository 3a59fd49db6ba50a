package dev.reissued.metrics;

import dev.reissued.db.Jdbc;

/**
 * Series read from the database at each scrape: a few aggregate queries, the same on every node.
 */
interface DatabaseSeries {
  void refresh(Jdbc jdbc);
}
