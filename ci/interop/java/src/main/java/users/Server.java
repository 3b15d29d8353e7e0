package users;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import sun.misc.Signal;
import users.UsersOuterClass.CreateUserRes;
import users.UsersOuterClass.User;

/**
 * The Users server on grpc-java: answers each user of a CreateUser stream, in order, like the
 * Go tutorial's server. It also serves the standard health service and server reflection (v1
 * and v1alpha).
 *
 * <p>usage: users-java-server [--addr HOST:PORT] [--quiet] [--tls-cert FILE --tls-key FILE
 * [--tls-client-ca FILE]]
 *
 * <p>Prints "listening on HOST:PORT" (with " (TLS)" when serving TLS) on stderr once it
 * serves. SIGTERM and SIGINT stop it gracefully: new calls are refused, running ones get a few
 * seconds to finish, and it exits 0. A bad command line exits 2, a file or port it cannot use
 * exits 1, each with one line on stderr.
 */
public final class Server {
  private static final String PROGRAM = "users-java-server";
  private static final String USAGE =
      "usage: " + PROGRAM + " [--addr HOST:PORT] [--quiet] [--tls-cert FILE --tls-key FILE"
          + " [--tls-client-ca FILE]]\n"
          + "  --addr HOST:PORT       address to listen on; port 0 picks a free port"
          + " (default 0.0.0.0:3000)\n"
          + "  --quiet                do not log each request\n"
          + "  --tls-cert FILE        serve TLS with this certificate chain (PEM);"
          + " needs --tls-key\n"
          + "  --tls-key FILE         the private key of --tls-cert (PEM, PKCS#8)\n"
          + "  --tls-client-ca FILE   require client certificates signed by these CAs (PEM);"
          + " needs --tls-cert\n";
  /** How long running calls may go on after a stop signal. */
  private static final long GRACE_SECONDS = 5;

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

  private final io.grpc.Server server;
  private final HealthStatusManager health;
  /** The address it listens on, HOST:PORT. */
  private final String address;

  private Server(io.grpc.Server server, HealthStatusManager health, String address) {
    this.server = server;
    this.health = health;
    this.address = address;
  }

  /** Logs one line on stderr with a timestamp, like Go's log package. */
  static void log(String line) {
    System.err.println(LocalDateTime.now().format(LOG_TIME) + " " + line);
  }

  /** The users.Users service. */
  static final class UsersService extends UsersGrpc.UsersImplBase {
    private final boolean quiet;

    UsersService(boolean quiet) {
      this.quiet = quiet;
    }

    /** The answer to one user: its id, and the reasons it cannot be created, if any. */
    static CreateUserRes answer(User user) {
      CreateUserRes.Builder res = CreateUserRes.newBuilder().setUserId(user.getId());
      // Go's len(): the name's length in UTF-8 bytes.
      if (user.getNameBytes().size() <= 3) {
        res.addErrors("Name is too short");
      }
      if (user.getLastName().equals("Phill")) {
        res.addErrors("Last Name already taken");
      }
      return res.setSuccess(res.getErrorsCount() == 0).build();
    }

    @Override
    public StreamObserver<User> createUser(StreamObserver<CreateUserRes> responseObserver) {
      // Manual flow control, as in grpc-java's manualflowcontrol example: the next request is
      // read only while the client takes the answers, so a client that does not read cannot
      // make the server buffer answers without bound.
      final ServerCallStreamObserver<CreateUserRes> responses =
          (ServerCallStreamObserver<CreateUserRes>) responseObserver;
      responses.disableAutoRequest();

      // All these callbacks run one at a time (grpc-java serializes a call's callbacks), so
      // the flag needs no lock.
      final class Pump implements Runnable {
        /** A request is owed to the client once the response stream is ready again. */
        boolean waiting;

        @Override
        public void run() {
          if (waiting && responses.isReady()) {
            waiting = false;
            responses.request(1);
          }
        }

        void next() {
          if (responses.isReady()) {
            responses.request(1);
          } else {
            waiting = true;
          }
        }
      }
      final Pump pump = new Pump();
      responses.setOnReadyHandler(pump);
      // Without a cancel handler, onNext on a cancelled call throws; the request observer's
      // onError below reports the cancellation.
      responses.setOnCancelHandler(() -> {});
      responses.request(1);

      return new StreamObserver<User>() {
        @Override
        public void onNext(User user) {
          if (!quiet) {
            log("name: " + user.getName() + ", last name: " + user.getLastName()
                + ", id: " + user.getId());
          }
          responses.onNext(answer(user));
          pump.next();
        }

        @Override
        public void onError(Throwable t) {
          // The client cancelled or the connection broke: only this stream ends.
          if (!quiet) {
            log("receive error: " + Logging.describe(Status.fromThrowable(t)));
          }
        }

        @Override
        public void onCompleted() {
          // The client half-closed: every user is answered, end the stream with OK.
          responses.onCompleted();
        }
      };
    }
  }

  /** The TLS credentials of the flags, or plaintext when no TLS flag is set. */
  private static ServerCredentials credentials(Flags flags)
      throws Flags.UsageError, Flags.SetupError {
    boolean cert = flags.isSet("tls-cert");
    boolean key = flags.isSet("tls-key");
    if (cert != key) {
      throw new Flags.UsageError("--tls-cert and --tls-key go together");
    }
    if (flags.isSet("tls-client-ca") && !cert) {
      throw new Flags.UsageError("--tls-client-ca needs --tls-cert and --tls-key");
    }
    if (!cert) {
      return InsecureServerCredentials.create();
    }
    String certFile = flags.get("tls-cert", null);
    String keyFile = flags.get("tls-key", null);
    byte[] chain = Flags.readFile("tls-cert", certFile);
    byte[] privateKey = Flags.readFile("tls-key", keyFile);
    Pem.checkKeyPair("tls-cert", certFile, chain, "tls-key", keyFile, privateKey);
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    try {
      tls.keyManager(new ByteArrayInputStream(chain), new ByteArrayInputStream(privateKey));
      if (flags.isSet("tls-client-ca")) {
        String caFile = flags.get("tls-client-ca", null);
        byte[] ca = Flags.readFile("tls-client-ca", caFile);
        Pem.certificates("tls-client-ca", caFile, ca);
        tls.trustManager(new ByteArrayInputStream(ca));
        tls.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
    } catch (IOException e) {
      throw new Flags.SetupError("cannot set up TLS: " + Flags.describe(e));
    }
    return tls.build();
  }

  /**
   * HOST:PORT as Go writes a listener's address: the address asked for (a name resolved), with
   * the port bound; "[::]" for every interface, an IPv6 address in brackets and short form.
   */
  private static String show(String host, InetSocketAddress bind, SocketAddress bound) {
    int port = bound instanceof InetSocketAddress ? ((InetSocketAddress) bound).getPort()
        : bind.getPort();
    if (host.isEmpty()) {
      return "[::]:" + port;
    }
    InetAddress ip = bind.getAddress();
    if (ip instanceof Inet6Address) {
      return "[" + shortIpv6(((Inet6Address) ip).getAddress()) + "]:" + port;
    }
    return ip.getHostAddress() + ":" + port;
  }

  /** RFC 5952 text of an IPv6 address: the longest run of two or more zero groups as "::". */
  private static String shortIpv6(byte[] a) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  private static Server start(Flags flags) throws Flags.UsageError, Flags.SetupError {
    Flags.HostPort addr = Flags.hostPort("addr", flags.get("addr", "0.0.0.0:3000"));
    ServerCredentials creds = credentials(flags);
    InetSocketAddress bind =
        addr.host().isEmpty()
            ? new InetSocketAddress(addr.port())
            : new InetSocketAddress(addr.host(), addr.port());
    if (bind.isUnresolved()) {
      throw new Flags.SetupError("cannot listen on " + addr.host() + ": unknown host");
    }
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(UsersGrpc.SERVICE_NAME, ServingStatus.SERVING);
    io.grpc.Server server;
    try {
      // The handlers never block (the answer is computed in place, writes are asynchronous),
      // so they run on Netty's event loop instead of hopping to an executor thread for every
      // message, as grpc-java's performance advice has it: three times the throughput on one
      // core.
      server =
          NettyServerBuilder.forAddress(bind, creds)
              .directExecutor()
              .addService(new UsersService(flags.isSet("quiet")))
              .addService(health.getHealthService())
              .addService(ProtoReflectionServiceV1.newInstance())
              .addService(deprecatedReflection())
              .build()
              .start();
    } catch (IOException | RuntimeException e) {
      String what = creds instanceof TlsServerCredentials ? " with TLS" : "";
      throw new Flags.SetupError(
          "cannot listen on " + show(addr.host(), bind, bind) + what + ": " + Flags.describe(e));
    }
    return new Server(server, health, show(addr.host(), bind, server.getListenSockets().get(0)));
  }

  /** grpc.reflection.v1alpha, which older clients (grpcurl, grpcio-reflection) speak. */
  @SuppressWarnings("deprecation")
  private static io.grpc.BindableService deprecatedReflection() {
    return ProtoReflectionService.newInstance();
  }

  /** Stops taking calls, lets the running ones finish for up to GRACE_SECONDS, then ends. */
  private void stop() throws InterruptedException {
    health.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
      server.shutdownNow();
      server.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Flags flags =
        new Flags(Set.of("addr", "tls-cert", "tls-key", "tls-client-ca"), Set.of("quiet"));
    Logging.setUp(Level.WARNING);
    // Installed first, so that a signal that comes while the server starts stops it too.
    final CountDownLatch stopRequested = new CountDownLatch(1);
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> stopRequested.countDown());
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal (-Xrs): it then ends the process its own way.
      }
    }
    Server server;
    try {
      flags.parseOrShowUsage(args, USAGE);
      server = start(flags);
    } catch (Flags.Failure e) {
      System.err.println(PROGRAM + ": " + e.getMessage());
      System.exit(e.exitCode);
      return;
    }

    String tls = flags.isSet("tls-cert") ? " (TLS)" : "";
    // Printed even when quiet: scripts read the port from this line.
    System.err.println("listening on " + server.address + tls);
    System.err.flush();

    stopRequested.await();
    if (!flags.isSet("quiet")) {
      log("shutting down");
    }
    server.stop();
    System.exit(0);
  }
}
