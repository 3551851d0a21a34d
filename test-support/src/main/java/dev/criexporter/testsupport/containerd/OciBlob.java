package dev.criexporter.testsupport.containerd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content-addressed blob of an OCI image layout: its bytes and their sha256 digest. */
record OciBlob(byte[] content, String digest) {

  static OciBlob of(byte[] content) {
    return new OciBlob(content, sha256Digest(content));
  }

  static OciBlob ofJson(String json) {
    return of(json.getBytes(StandardCharsets.UTF_8));
  }

  long size() {
    return content.length;
  }

  /** The hex part of the digest: the blob's file name under {@code blobs/sha256/}. */
  String hex() {
    return digest.substring("sha256:".length());
  }

  /** A JSON descriptor object pointing at this blob, without annotations or platform. */
  String descriptorJson(String mediaType) {
    return "{\"mediaType\":" + Json.quote(mediaType)
        + ",\"digest\":" + Json.quote(digest)
        + ",\"size\":" + size() + "}";
  }

  /** {@code sha256:<64 hex digits>} of {@code content}. */
  static String sha256Digest(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
