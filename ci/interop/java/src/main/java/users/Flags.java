package users;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command lines of the server and the client, parsed like Go's flag package: {@code --name
 * VALUE}, {@code --name=VALUE}, a single dash too, and boolean flags without a value.
 */
final class Flags {
  /** What stops a program before it runs: printed on one line, then the exit code. */
  abstract static class Failure extends Exception {
    final int exitCode;

    Failure(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** A bad command line: exit code 2. */
  static final class UsageError extends Failure {
    UsageError(String message) {
      super(message, 2);
    }
  }

  /** A file or an address of the flags that cannot be used: exit code 1. */
  static final class SetupError extends Failure {
    SetupError(String message) {
      super(message, 1);
    }
  }

  /** HOST:PORT; an empty host means every interface. */
  record HostPort(String host, int port) {}

  private final Set<String> valueFlags;
  private final Set<String> booleanFlags;
  private final Map<String, String> values = new HashMap<>();
  private boolean help;

  Flags(Set<String> valueFlags, Set<String> booleanFlags) {
    this.valueFlags = valueFlags;
    this.booleanFlags = booleanFlags;
  }

  /** Parses args; --help and -h ask for the usage text (see {@link #parseOrShowUsage}). */
  Flags parse(String[] args) throws UsageError {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new UsageError("unexpected argument " + quote(arg) + " (see --help)");
      }
      String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if ((name.equals("help") || name.equals("h")) && value == null) {
        help = true;
      } else if (booleanFlags.contains(name)) {
        if (value == null || value.equals("true")) {
          values.put(name, "true");
        } else if (value.equals("false")) {
          values.remove(name);
        } else {
          throw new UsageError("--" + name + " takes no value, got " + quote(value));
        }
      } else if (valueFlags.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageError("flag needs an argument: --" + name);
          }
          value = args[++i];
        }
        values.put(name, value);
      } else {
        throw new UsageError("unknown flag " + quote("--" + name) + " (see --help)");
      }
    }
    return this;
  }

  /**
   * Parses the command line; when it asks for --help, prints {@code usage} on stdout and exits
   * 0.
   */
  Flags parseOrShowUsage(String[] args, String usage) throws UsageError {
    parse(args);
    if (help) {
      System.out.print(usage);
      System.out.flush();
      System.exit(0);
    }
    return this;
  }

  boolean isSet(String name) {
    return values.containsKey(name);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The integer value of a flag, at least min. */
  int getInt(String name, int fallback, int min) throws UsageError {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageError("invalid value " + quote(value) + " for --" + name + ": not an integer");
    }
    if (n < min) {
      throw new UsageError(
          "invalid value " + quote(value) + " for --" + name + ": less than " + min);
    }
    return n;
  }

  /** Parses HOST:PORT (HOST may be empty, a name, an IPv4 address or a bracketed IPv6 one). */
  static HostPort hostPort(String flag, String value) throws UsageError {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageError("invalid value " + quote(value) + " for --" + flag + ": not HOST:PORT");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new UsageError(
          "invalid value " + quote(value) + " for --" + flag + ": an IPv6 host goes in brackets");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageError("invalid value " + quote(value) + " for --" + flag + ": bad port");
    }
    return new HostPort(host, port);
  }

  /** The bytes of the file that a flag names, or a one-line error naming the file. */
  static byte[] readFile(String flag, String path) throws SetupError {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (NoSuchFileException e) {
      throw new SetupError("cannot read --" + flag + " " + path + ": no such file");
    } catch (AccessDeniedException e) {
      throw new SetupError("cannot read --" + flag + " " + path + ": permission denied");
    } catch (IOException | RuntimeException e) {
      throw new SetupError("cannot read --" + flag + " " + path + ": " + e.getMessage());
    }
  }

  /** The message of an exception and of its causes, on one line. */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = c.getMessage();
      if (message == null || message.isEmpty() || sb.indexOf(message) >= 0) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(message);
    }
    if (sb.length() == 0) {
      sb.append(t.getClass().getSimpleName());
    }
    return sb.toString().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
