package dev.reissued.inventory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads pages on a thread of its own and hands them to the thread that works on them, one page
 * ahead: the next page is fetched while the last one is worked on, so the whole takes the longer of
 * the two rather than their sum, and holds at most three pages (one being fetched, one waiting, one
 * being worked on). A sync lists an account from the API this way while it writes; a plan reads an
 * account's certificates this way while it decides. A failure of the reading is thrown to the
 * worker; when the worker stops early, the reading stops after the page in flight.
 */
final class PageHandover<T> implements AutoCloseable {
  /** What reads the pages: it hands each to the consumer it is given, in order. */
  interface Pages<T> {
    void forEachPage(Consumer<List<T>> page);
  }

  private static final Object END = new Object();
  private static final long WAIT_MILLIS = 100;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
  private final Thread lister;
  private volatile boolean abandoned;

  private PageHandover(Pages<T> pages, String threadName) {
    lister =
        new Thread(
            () -> {
              try {
                pages.forEachPage(this::hand);
                hand(END);
              } catch (Abandoned stop) {
                // the writer is gone; nobody wants the rest
              } catch (RuntimeException | Error failure) {
                handFailure(failure);
              }
            },
            threadName);
    lister.setDaemon(true);
  }

  static <T> PageHandover<T> start(Pages<T> pages, String threadName) {
    PageHandover<T> handover = new PageHandover<>(pages, threadName);
    handover.lister.start();
    return handover;
  }

  /** Gives {@code writer} each page in turn; throws what the reading threw. */
  @SuppressWarnings("unchecked")
  void forEachPage(Consumer<List<T>> writer) {
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
      writer.accept((List<T>) next);
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
      super("the worker stopped taking pages", null, false, false);
    }
  }
}
