package users;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the PEM files of the TLS flags before grpc-java takes them, so that a wrong file is
 * named in a one-line error at start-up rather than failing each handshake later: certificates
 * must parse, the key must be PKCS#8 ("BEGIN PRIVATE KEY") and match the certificate.
 */
final class Pem {
  private static final Pattern CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END PRIVATE KEY-----");
  private static final Pattern OTHER_KEY =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----");

  private Pem() {}

  /** The certificates of a PEM file, at least one. */
  static List<X509Certificate> certificates(String flag, String path, byte[] content)
      throws Flags.SetupError {
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = CERTIFICATE.matcher(new String(content, StandardCharsets.US_ASCII));
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Flags.SetupError(
          "--" + flag + " " + path + ": bad PEM certificate: " + Flags.describe(e));
    }
    if (certs.isEmpty()) {
      throw new Flags.SetupError("--" + flag + " " + path + ": no PEM certificate in it");
    }
    return certs;
  }

  /**
   * Checks that keyContent holds a PKCS#8 private key that belongs to the first certificate of
   * certContent.
   */
  static void checkKeyPair(String certFlag, String certPath, byte[] certContent, String keyFlag,
      String keyPath, byte[] keyContent) throws Flags.SetupError {
    PublicKey publicKey = certificates(certFlag, certPath, certContent).get(0).getPublicKey();
    String text = new String(keyContent, StandardCharsets.US_ASCII);
    Matcher m = PRIVATE_KEY.matcher(text);
    String where = "--" + keyFlag + " " + keyPath;
    if (!m.find()) {
      Matcher other = OTHER_KEY.matcher(text);
      if (other.find()) {
        throw new Flags.SetupError(where + ": its " + other.group(1) + " is not PKCS#8 (BEGIN"
            + " PRIVATE KEY): convert it with openssl pkcs8 -topk8 -nocrypt");
      }
      throw new Flags.SetupError(where + ": no PEM PRIVATE KEY in it");
    }
    PrivateKey privateKey;
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      privateKey = KeyFactory.getInstance(publicKey.getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Flags.SetupError(where + ": not a private key of the certificate's type ("
          + publicKey.getAlgorithm() + ") of --" + certFlag + " " + certPath);
    }
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "EdDSA", "Ed25519", "Ed448" -> publicKey.getAlgorithm();
      default -> null;
    };
    if (algorithm == null) {
      return; // a key type without a known signature: grpc-java's handshake will tell
    }
    try {
      byte[] data = "users".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(data);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // falls through: the key cannot sign for this certificate
    }
    throw new Flags.SetupError(
        where + ": the key does not match the certificate of --" + certFlag + " " + certPath);
  }
}
