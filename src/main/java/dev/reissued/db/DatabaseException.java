package dev.reissued.db;

import dev.reissued.ReissuedException;

/** A database operation failed; wraps the SQLException so callers need not declare it. */
public class DatabaseException extends ReissuedException {
  public DatabaseException(String message) {
    this(message, null);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The SQLSTATE of the underlying error, or null. */
  public String sqlState() {
    Throwable cause = getCause();
    while (cause != null) {
      if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
      cause = cause.getCause();
    }
    return null;
  }

  /** PostgreSQL's unique_violation: the database refused a duplicate, as designed. */
  public boolean isUniqueViolation() {
    return "23505".equals(sqlState());
  }
}
