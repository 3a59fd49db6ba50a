package dev.reissued.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcStreamingTest {
  @RegisterExtension final PostgresExtension postgres = new PostgresExtension(false);

  @Test
  void for_each_row_hands_over_every_row_in_order_across_many_fetches() {
    List<Integer> seen = new ArrayList<>();

    postgres
        .jdbc()
        .forEachRow(
            "SELECT i FROM generate_series(1, ?) AS i ORDER BY i",
            7,
            row -> seen.add(row.getInt(1)),
            100);

    assertThat(seen).hasSize(100).isSorted().startsWith(1).endsWith(100);
  }

  @Test
  void for_each_row_reads_through_a_cursor_that_the_server_holds_open_while_rows_are_taken() {
    List<Long> portals = new ArrayList<>();

    postgres
        .jdbc()
        .inTransaction(
            handle -> {
              handle.forEachRow(
                  "SELECT i FROM generate_series(1, 50) AS i",
                  10,
                  row -> {
                    if (row.getInt(1) == 25) {
                      portals.add(
                          handle
                              .queryOne(
                                  "SELECT count(*) FROM pg_cursors WHERE statement LIKE 'SELECT i FROM generate_series%'",
                                  open -> open.getLong(1))
                              .orElseThrow());
                    }
                  });
              return null;
            });

    assertThat(portals).containsExactly(1L);
  }

  @Test
  void a_handle_refuses_to_stream_outside_a_transaction_where_the_driver_would_read_everything()
      throws Exception {
    try (Connection connection = postgres.jdbc().dataSource().getConnection()) {
      Jdbc.Handle handle = new Jdbc.Handle(connection);

      assertThatThrownBy(() -> handle.forEachRow("SELECT 1", 10, row -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("only inside a transaction");
    }
  }
}
