package dev.criexporter.cri;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites a serialized message so that every string field, at any depth (map keys and values
 * included), is valid UTF-8: invalid sequences become U+FFFD, everything else is copied
 * unchanged, unknown fields included. Protocol buffers refuse a whole message over one invalid
 * string; a runtime that passes on a label set through its own API with arbitrary bytes would
 * otherwise make every ListContainers answer unreadable.
 */
final class Utf8Repair {

  private Utf8Repair() {
  }

  /** {@code message}, serialized as {@code type}, with its strings made valid. */
  static byte[] repair(byte[] message, Descriptor type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    copy(CodedInputStream.newInstance(message), o, type, 0);
    o.flush();
    return out.toByteArray();
  }

  private static void copy(CodedInputStream in, CodedOutputStream out, Descriptor type, int depth)
      throws IOException {
    if (depth > 64) {
      throw new IOException("message nested deeper than 64 levels");
    }
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      FieldDescriptor f = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
      boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (f != null && delimited && f.getType() == FieldDescriptor.Type.STRING) {
        ByteString raw = in.readBytes();
        String text = new String(raw.toByteArray(), StandardCharsets.UTF_8);
        out.writeUInt32NoTag(tag);
        out.writeBytesNoTag(ByteString.copyFromUtf8(text));
      } else if (f != null && delimited && f.getType() == FieldDescriptor.Type.MESSAGE) {
        byte[] inner = in.readByteArray();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(inner.length + 16);
        CodedOutputStream o = CodedOutputStream.newInstance(buf);
        copy(CodedInputStream.newInstance(inner), o, f.getMessageType(), depth + 1);
        o.flush();
        out.writeUInt32NoTag(tag);
        out.writeByteArrayNoTag(buf.toByteArray());
      } else if (!in.skipField(tag, out)) {
        return;
      }
    }
  }
}
