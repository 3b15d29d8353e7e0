package users;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import users.UsersOuterClass.CreateUserRes;
import users.UsersOuterClass.User;

/**
 * The Users client on grpc-java: streams users on one CreateUser call and prints each answer
 * as it arrives, sending and receiving concurrently, like the Go tutorial's client.
 *
 * <p>usage: users-java-client [--addr HOST:PORT] [--delay-ms N] [--count N] [--output
 * text|json] [--tls-ca FILE] [--tls-server-name NAME] [--tls-cert FILE --tls-key FILE]
 *
 * <p>Exits 0 when the stream ends OK; otherwise prints one line on stderr naming the gRPC
 * status and exits 1 (2 for a bad command line).
 */
public final class Client {
  private static final String PROGRAM = "users-java-client";
  private static final String USAGE =
      "usage: " + PROGRAM + " [--addr HOST:PORT] [--delay-ms N] [--count N] [--output text|json]\n"
          + "       [--tls-ca FILE] [--tls-server-name NAME] [--tls-cert FILE --tls-key FILE]\n"
          + "  --addr HOST:PORT        server address (default localhost:3000)\n"
          + "  --delay-ms N            pause after each send, in ms (default 1000)\n"
          + "  --count N               send N generated users instead of the tutorial's five\n"
          + "  --output text|json      how to print each answer (default text)\n"
          + "  --tls-ca FILE           speak TLS, trusting these CAs (PEM) (default: plaintext;"
          + " the system's CAs with the other --tls flags)\n"
          + "  --tls-server-name NAME  speak TLS; the name the server's certificate must carry"
          + " (default: the host dialled)\n"
          + "  --tls-cert FILE         speak TLS, presenting this certificate chain (PEM);"
          + " needs --tls-key\n"
          + "  --tls-key FILE          the private key of --tls-cert (PEM, PKCS#8)\n";

  private static final String[] NAMES = {"Al", "Bob", "Carl", "Marisol"};

  /**
   * The tutorial's five users, or count generated ones when count is positive (made as they
   * are sent, not held in memory).
   */
  static List<User> users(int count) {
    if (count <= 0) {
      return List.of(
          user("1", "Carl", "Phill", 23),
          user("2", "Marisol", "Richardson", 29),
          user("3", "Mia", "Phill", 27),
          user("4", "Tomas", "Smith", 25),
          user("5", "Zian", "Heat", 28));
    }
    return new AbstractList<User>() {
      @Override
      public User get(int i) {
        return user(String.valueOf(i), NAMES[i % 4], i % 3 == 0 ? "Phill" : "Smith", i);
      }

      @Override
      public int size() {
        return count;
      }
    };
  }

  private static User user(String id, String name, String lastName, int age) {
    return User.newBuilder().setId(id).setName(name).setLastName(lastName).setAge(age).build();
  }

  // --- output --------------------------------------------------------------------------------

  /** One answer as a line: JSON like Go's encoding/json, or text like Go's fmt with %q. */
  static String format(CreateUserRes res, boolean json) {
    StringBuilder sb = new StringBuilder(64);
    if (json) {
      sb.append("{\"user_id\":");
      jsonString(sb, res.getUserId());
      sb.append(",\"success\":").append(res.getSuccess()).append(",\"errors\":[");
      for (int i = 0; i < res.getErrorsCount(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        jsonString(sb, res.getErrors(i));
      }
      return sb.append("]}").toString();
    }
    sb.append("user_id: ");
    goQuote(sb, res.getUserId());
    sb.append(", success: ").append(res.getSuccess()).append(", errors: [");
    for (int i = 0; i < res.getErrorsCount(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      goQuote(sb, res.getErrors(i));
    }
    return sb.append(']').toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void hex(StringBuilder sb, int value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      sb.append(HEX[(value >> shift) & 0xf]);
    }
  }

  /** A JSON string as Go's encoding/json writes it (HTML-safe, U+2028 and U+2029 escaped). */
  static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            sb.append("\\u");
            hex(sb, c, 4);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Go's %q (strconv.Quote) of a string: printable characters as they are, others escaped. */
  static void goQuote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case 0x07 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x0b -> sb.append("\\v");
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        default -> {
          if (cp == ' ' || isGraphic(cp)) {
            sb.appendCodePoint(cp);
          } else if (cp < 0x20 || cp == 0x7f) {
            sb.append("\\x");
            hex(sb, cp, 2);
          } else if (cp < 0x10000) {
            sb.append("\\u");
            hex(sb, cp, 4);
          } else {
            sb.append("\\U");
            hex(sb, cp, 8);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Go's unicode.IsPrint less the space: letters, marks, numbers, punctuation, symbols. */
  private static boolean isGraphic(int cp) {
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER,
          Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }

  // --- the call ------------------------------------------------------------------------------

  /** The channel credentials of the flags: plaintext unless a --tls-* flag is set. */
  private static ChannelCredentials credentials(Flags flags)
      throws Flags.UsageError, Flags.SetupError {
    boolean cert = flags.isSet("tls-cert");
    if (cert != flags.isSet("tls-key")) {
      throw new Flags.UsageError("--tls-cert and --tls-key go together");
    }
    if (!cert && !flags.isSet("tls-ca") && !flags.isSet("tls-server-name")) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    try {
      if (flags.isSet("tls-ca")) {
        String caFile = flags.get("tls-ca", null);
        byte[] ca = Flags.readFile("tls-ca", caFile);
        Pem.certificates("tls-ca", caFile, ca);
        tls.trustManager(new ByteArrayInputStream(ca));
      }
      if (cert) {
        String certFile = flags.get("tls-cert", null);
        String keyFile = flags.get("tls-key", null);
        byte[] chain = Flags.readFile("tls-cert", certFile);
        byte[] key = Flags.readFile("tls-key", keyFile);
        Pem.checkKeyPair("tls-cert", certFile, chain, "tls-key", keyFile, key);
        tls.keyManager(new ByteArrayInputStream(chain), new ByteArrayInputStream(key));
      }
    } catch (IOException | RuntimeException e) {
      throw new Flags.SetupError("cannot set up TLS: " + Flags.describe(e));
    }
    return tls.build();
  }

  /**
   * Runs one CreateUser stream: a sender thread sends the users with the pause after each and
   * half-closes, sending only while the call is ready (flow control); the answers are printed
   * as they arrive. Returns the status the stream ended with.
   */
  static Status run(ManagedChannel channel, List<User> users, long delayMs, boolean json,
      Writer out) throws InterruptedException {
    final CountDownLatch done = new CountDownLatch(1);
    final Object readyLock = new Object();
    final Status[] result = new Status[1];
    final IOException[] outputError = new IOException[1];
    final boolean flushEachLine = delayMs > 0;

    ClientResponseObserver<User, CreateUserRes> responseObserver =
        new ClientResponseObserver<User, CreateUserRes>() {
          ClientCallStreamObserver<User> requestStream;

          @Override
          public void beforeStart(ClientCallStreamObserver<User> requestStream) {
            this.requestStream = requestStream;
            // Wake the sender when the call can take more requests.
            requestStream.setOnReadyHandler(() -> {
              synchronized (readyLock) {
                readyLock.notifyAll();
              }
            });
          }

          @Override
          public void onNext(CreateUserRes res) {
            try {
              out.write(format(res, json));
              out.write('\n');
              if (flushEachLine) {
                out.flush();
              }
            } catch (IOException e) {
              outputError[0] = e;
              requestStream.cancel("cannot write the output", e);
            }
          }

          @Override
          public void onError(Throwable t) {
            result[0] = Status.fromThrowable(t);
            finish();
          }

          @Override
          public void onCompleted() {
            result[0] = Status.OK;
            finish();
          }

          private void finish() {
            done.countDown();
            synchronized (readyLock) {
              readyLock.notifyAll();
            }
          }
        };

    @SuppressWarnings("unchecked")
    final ClientCallStreamObserver<User> requests =
        (ClientCallStreamObserver<User>) UsersGrpc.newStub(channel).createUser(responseObserver);

    Thread sender = new Thread(() -> {
      try {
        for (User user : users) {
          synchronized (readyLock) {
            while (!requests.isReady() && done.getCount() > 0) {
              readyLock.wait(100);
            }
          }
          if (done.getCount() == 0) {
            return; // the stream has ended: nothing more can be sent
          }
          requests.onNext(user);
          if (delayMs > 0) {
            Thread.sleep(delayMs);
          }
        }
        if (done.getCount() > 0) {
          requests.onCompleted();
        }
      } catch (InterruptedException e) {
        requests.cancel("interrupted", e);
      }
    }, "users-sender");
    sender.setDaemon(true);
    sender.start();

    done.await();
    sender.join(1000);
    if (outputError[0] != null) {
      throw new UncheckedIOException(outputError[0]);
    }
    return result[0];
  }

  public static void main(String[] args) throws InterruptedException {
    Flags flags = new Flags(
        Set.of("addr", "delay-ms", "count", "output", "tls-ca", "tls-server-name", "tls-cert",
            "tls-key"),
        Set.of());
    // grpc-java's own log records (a name that does not resolve, say) would repeat the one
    // line the failed stream prints: only severe ones are shown.
    Logging.setUp(Level.SEVERE);
    Flags.HostPort addr;
    int delayMs;
    int count;
    boolean json;
    ChannelCredentials creds;
    try {
      flags.parseOrShowUsage(args, USAGE);
      addr = Flags.hostPort("addr", flags.get("addr", "localhost:3000"));
      if (addr.host().isEmpty()) {
        throw new Flags.UsageError("--addr needs a host: HOST:PORT");
      }
      delayMs = flags.getInt("delay-ms", 1000, 0);
      count = flags.getInt("count", 0, 0);
      String output = flags.get("output", "text");
      if (!output.equals("text") && !output.equals("json")) {
        throw new Flags.UsageError("invalid value \"" + output + "\" for --output: text or json");
      }
      json = output.equals("json");
      creds = credentials(flags);
    } catch (Flags.Failure e) {
      System.err.println(PROGRAM + ": " + e.getMessage());
      System.exit(e.exitCode);
      return;
    }

    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilderForAddress(addr.host(), addr.port(),
        creds);
    if (flags.isSet("tls-server-name")) {
      // The name checked in the server's certificate and sent as SNI (and :authority).
      builder.overrideAuthority(flags.get("tls-server-name", null));
    }
    ManagedChannel channel = builder.build();

    Writer out = new BufferedWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
        1 << 16);
    int exit;
    try {
      Status status = run(channel, users(count), delayMs, json, out);
      out.flush();
      if (status.isOk()) {
        exit = 0;
      } else {
        System.err.println(PROGRAM + ": stream failed: " + Logging.describe(status));
        exit = 1;
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println(PROGRAM + ": cannot write the output: " + Flags.describe(e));
      exit = 1;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
    System.exit(exit);
  }
}
