package dev.criexporter.exporter.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys as openssl and cert-manager write them: PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC
 * ({@code EC PRIVATE KEY}); the latter two are wrapped into PKCS#8 for the JDK.
 */
final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

  private Pem() {
  }

  record Block(String type, byte[] der) {
  }

  static List<Block> blocks(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
    }
    return out;
  }

  static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> out = new ArrayList<>();
    for (Block b : blocks(file)) {
      if (b.type().equals("CERTIFICATE")) {
        out.add(cf.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(file + ": no PEM CERTIFICATE block");
    }
    return out;
  }

  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    for (Block b : blocks(file)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der());
        }
        case "RSA PRIVATE KEY" -> {
          // PKCS#8 PrivateKeyInfo: version 0, AlgorithmIdentifier rsaEncryption + NULL, key.
          byte[] alg = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
              (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
          return KeyFactory.getInstance("RSA").generatePrivate(
              new PKCS8EncodedKeySpec(wrap(alg, b.der())));
        }
        case "EC PRIVATE KEY" -> {
          return KeyFactory.getInstance("EC").generatePrivate(
              new PKCS8EncodedKeySpec(wrap(ecAlgorithm(b.der()), b.der())));
        }
        default -> {
          // certificates or parameters in the same file: skip
        }
      }
    }
    throw new GeneralSecurityException(file + ": no PEM private key (PRIVATE KEY, RSA PRIVATE"
        + " KEY or EC PRIVATE KEY); encrypted keys are not supported");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unsupported PKCS#8 private key algorithm");
  }

  /** AlgorithmIdentifier id-ecPublicKey with the curve OID found in a SEC1 key's parameters. */
  private static byte[] ecAlgorithm(byte[] sec1) throws GeneralSecurityException {
    // The curve OID is in the [0] tagged field: a0 len 06 len oid...
    for (int i = 0; i + 2 < sec1.length; i++) {
      if ((sec1[i] & 0xff) == 0xa0 && sec1[i + 2] == 0x06) {
        int oidLen = sec1[i + 3] & 0xff;
        byte[] ecPublicKey = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
        byte[] body = new byte[ecPublicKey.length + 2 + oidLen];
        System.arraycopy(ecPublicKey, 0, body, 0, ecPublicKey.length);
        System.arraycopy(sec1, i + 2, body, ecPublicKey.length, 2 + oidLen);
        return concat(new byte[] {0x30}, length(body.length), body);
      }
    }
    throw new GeneralSecurityException("EC PRIVATE KEY without named curve parameters");
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, algorithm, OCTET STRING key }. */
  private static byte[] wrap(byte[] algorithm, byte[] key) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = concat(new byte[] {0x04}, length(key.length), key);
    byte[] body = concat(version, algorithm, octets);
    return concat(new byte[] {0x30}, length(body.length), body);
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
