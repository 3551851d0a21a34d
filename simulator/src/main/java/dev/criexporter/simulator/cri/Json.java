package dev.criexporter.simulator.cri;

import java.util.Map;

/**
 * A small writer for the compact JSON the runtimes put into verbose answers. Escapes like Go's
 * {@code encoding/json}, including {@code <}, {@code >} and {@code &} as {@code \u003c} and so on.
 */
final class Json {

  private final StringBuilder sb = new StringBuilder(1_024);
  private boolean needComma;

  Json beginObject() {
    comma();
    sb.append('{');
    needComma = false;
    return this;
  }

  Json endObject() {
    sb.append('}');
    needComma = true;
    return this;
  }

  Json beginArray() {
    comma();
    sb.append('[');
    needComma = false;
    return this;
  }

  Json endArray() {
    sb.append(']');
    needComma = true;
    return this;
  }

  /** Starts a member; follow with a value or a begin call. */
  Json name(String name) {
    comma();
    string(name);
    sb.append(':');
    needComma = false;
    return this;
  }

  Json value(String value) {
    comma();
    string(value);
    needComma = true;
    return this;
  }

  Json value(long value) {
    comma();
    sb.append(value);
    needComma = true;
    return this;
  }

  Json value(boolean value) {
    comma();
    sb.append(value);
    needComma = true;
    return this;
  }

  Json member(String name, String value) {
    return name(name).value(value);
  }

  Json member(String name, long value) {
    return name(name).value(value);
  }

  Json member(String name, boolean value) {
    return name(name).value(value);
  }

  /** An object of string members, in the map's order. */
  Json member(String name, Map<String, String> members) {
    name(name).beginObject();
    members.forEach(this::member);
    return endObject();
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  private void comma() {
    if (needComma) {
      sb.append(',');
    }
  }

  private void string(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
