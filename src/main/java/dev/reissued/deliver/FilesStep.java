package dev.reissued.deliver;

import dev.reissued.ReissuedException;
import dev.reissued.config.OutputConfig;
import dev.reissued.db.DatabaseException;
import dev.reissued.deliver.DeliveryLedger.Delivered;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes delivered certificates to {@code output.dir/<domain>/} (see {@link OutputWriter}). */
final class FilesStep {
  private static final Logger log = LoggerFactory.getLogger(FilesStep.class);

  private final DeliveryLedger ledger;
  private final KeyVault keys;
  private final OutputConfig output;
  private final DeployFailures failures;
  private final Clock clock;

  FilesStep(StepCrew crew) {
    this.ledger = crew.ledger();
    this.keys = crew.keys();
    this.output = crew.output();
    this.failures = crew.failures();
    this.clock = crew.clock();
  }

  boolean write(Delivered row) {
    Instant now = clock.instant();
    if (output.dir().isEmpty()) {
      ledger.filesDropped(row.reissueId(), now);
      return false;
    }
    try {
      OutputWriter.Written written =
          OutputWriter.write(
              output.dir().get(),
              row.domain(),
              row.certificatePem(),
              row.chainPem(),
              keys.keyOf(row));
      ledger.filesWritten(row.reissueId(), written.directory().toString(), written.note(), now);
      log.info(
          "wrote certificate {} ({}) to {}{}",
          row.certificateId(),
          row.domain(),
          written.directory(),
          written.note().map(note -> " (" + note + ")").orElse(""));
      return true;
    } catch (DatabaseException databaseDown) {
      throw databaseDown;
    } catch (ReissuedException failure) {
      ledger.filesFailed(row.reissueId(), failure.getMessage(), now);
      log.error(
          "cannot write certificate {} ({}) to {}: {}",
          row.certificateId(),
          row.domain(),
          output.dir().get(),
          failure.getMessage());
      failures.cannotBe("written", row, failure.getMessage(), Map.of("step", "files"), now);
      return false;
    }
  }
}
