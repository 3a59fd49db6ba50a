package dev.reissued.inventory;

import dev.reissued.tencent.Certificate;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lists an account on a thread of its own and hands the pages to the thread that writes them, one
 * page ahead: the next page is fetched while the last one is written, so a sync takes the longer of
 * the two rather than their sum, and holds at most three pages (one being fetched, one waiting, one
 * being written). A failure of the listing is thrown to the writer; when the writer stops early,
 * the listing stops after the page in flight.
 */
final class PageHandover implements AutoCloseable {
  private static final Object END = new Object();
  private static final long WAIT_MILLIS = 100;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
  private final Thread lister;
  private volatile boolean abandoned;

  private PageHandover(InventorySync.Listing listing, String account) {
    lister =
        new Thread(
            () -> {
              try {
                listing.forEachPage(this::hand);
                hand(END);
              } catch (Abandoned stop) {
                // the writer is gone; nobody wants the rest
              } catch (RuntimeException | Error failure) {
                handFailure(failure);
              }
            },
            "sync-listing-" + account);
    lister.setDaemon(true);
  }

  static PageHandover start(InventorySync.Listing listing, String account) {
    PageHandover handover = new PageHandover(listing, account);
    handover.lister.start();
    return handover;
  }

  /** Gives {@code writer} each page in turn; throws what the listing threw. */
  @SuppressWarnings("unchecked")
  void forEachPage(Consumer<List<Certificate>> writer) {
    while (true) {
      Object next;
      try {
        next = queue.take();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next page", interrupted);
      }
      if (next == END) {
        return;
      }
      if (next instanceof RuntimeException failure) {
        throw failure;
      }
      if (next instanceof Error failure) {
        throw failure;
      }
      writer.accept((List<Certificate>) next);
    }
  }

  private void handFailure(Throwable failure) {
    try {
      hand(failure);
    } catch (Abandoned stop) {
      // the writer failed first, and threw its own failure
    }
  }

  private void hand(Object item) {
    if (abandoned) {
      throw new Abandoned();
    }
    try {
      while (!queue.offer(item, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        if (abandoned) {
          throw new Abandoned();
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new Abandoned();
    }
  }

  /** The writer is done, finished or failed: the listing stops at its next page. */
  @Override
  public void close() {
    abandoned = true;
    queue.clear();
  }

  /** Stops the listing when no one takes its pages any more. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("the sync stopped taking pages", null, false, false);
    }
  }
}
