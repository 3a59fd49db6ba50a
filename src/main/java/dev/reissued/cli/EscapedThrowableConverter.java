package dev.reissued.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.reissued.Printable;

/**
 * {@code %escapedException} in the console log's pattern ({@link ConsoleLog}): a stack trace as
 * logback prints it, each exception's message escaped like {@link EscapedConverter}'s fields, since
 * messages quote what the API answered.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy throwable) {
    return super.throwableProxyToString(new Escaped(throwable));
  }

  /** The proxy with its message, and its causes' and suppressed ones', escaped. */
  private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {
    @Override
    public String getMessage() {
      return Printable.escape(proxy.getMessage());
    }

    @Override
    public String getClassName() {
      return proxy.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return proxy.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      // A cyclic cause is a proxy logback marks itself; it stops the recursion there.
      return proxy.getCause() == null ? null : new Escaped(proxy.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] suppressed = proxy.getSuppressed();
      if (suppressed == null) {
        return null;
      }
      IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
      for (int index = 0; index < suppressed.length; index++) {
        escaped[index] = new Escaped(suppressed[index]);
      }
      return escaped;
    }

    @Override
    public boolean isCyclic() {
      return proxy.isCyclic();
    }
  }
}
