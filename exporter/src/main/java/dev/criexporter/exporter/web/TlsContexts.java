package dev.criexporter.exporter.web;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the server's {@link SSLContext} from a {@link WebConfig.Tls}. */
public final class TlsContexts {
  private TlsContexts() {
  }

  /**
   * @throws IllegalArgumentException naming the config key whose file is unusable
   */
  public static SSLContext server(WebConfig.Tls tls) {
    try {
      List<Certificate> chain;
      PrivateKey key;
      try {
        chain = Pem.certificates(tls.certFile());
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("tls_server_config.cert_file: " + e.getMessage(), e);
      }
      try {
        key = Pem.privateKey(tls.keyFile());
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("tls_server_config.key_file: " + e.getMessage(), e);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("server", key, none, chain.toArray(Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);

      TrustManager[] trust = null;
      if (tls.clientAuth().verifies()) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        try {
          for (Certificate c : Pem.certificates(tls.clientCaFile().orElseThrow())) {
            ts.setCertificateEntry("ca" + i++, c);
          }
        } catch (IOException | GeneralSecurityException e) {
          throw new IllegalArgumentException("tls_server_config.client_ca_file: "
              + e.getMessage(), e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
            TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        trust = tmf.getTrustManagers();
      } else if (tls.clientAuth() != WebConfig.ClientAuth.NO_CLIENT_CERT) {
        trust = new TrustManager[] {new AcceptAnyClient()};
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), trust, new SecureRandom());
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("tls_server_config: " + e.getMessage(), e);
    }
  }

  /** For RequestClientCert / RequireAnyClientCert: a certificate is asked for, not verified. */
  private static final class AcceptAnyClient implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // accepted without verification, as the client_auth_type says
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("server side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
