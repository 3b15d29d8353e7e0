package users;

import io.grpc.Status;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The java.util.logging set-up of both programs: grpc-java logs through it, and its default
 * format takes two lines and a stack trace per record. Here each record is one line on stderr,
 * stamped like Go's log package, with the messages of its exception and causes but no stack.
 * Statuses are described on one line too.
 */
final class Logging {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private Logging() {}

  /**
   * Makes stderr UTF-8 whatever the locale (Go writes strings' bytes as they are; Java 17 would
   * write "?" for non-ASCII characters under LANG=C), then logs records at level and above,
   * one line each.
   */
  static void setUp(Level level) {
    System.setErr(
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler handler = new ConsoleHandler(); // writes to System.err
    handler.setLevel(level);
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
            .append(r.getLevel().getName()).append(' ')
            .append(r.getLoggerName()).append(": ").append(formatMessage(r));
        if (r.getThrown() != null) {
          sb.append(": ").append(Flags.describe(r.getThrown()));
        }
        return sb.toString().replaceAll("\\s*\\R\\s*", " ") + System.lineSeparator();
      }
    });
    root.addHandler(handler);
    root.setLevel(level);
  }

  /** "CODE: description", with the innermost cause when there is one, on one line. */
  static String describe(Status status) {
    StringBuilder sb = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      // The first line: netty's io errors go on with a dump of the channel pipeline.
      sb.append(": ").append(status.getDescription().split("\\R", 2)[0]);
    }
    Throwable cause = status.getCause();
    if (cause != null) {
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      String message = cause.getMessage();
      sb.append(" (").append(cause.getClass().getSimpleName());
      if (message != null && !message.isEmpty()) {
        sb.append(": ").append(message);
      }
      sb.append(')');
    }
    return sb.toString().replaceAll("\\s*\\R\\s*", " ");
  }
}
