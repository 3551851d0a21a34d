package dev.criexporter.cgroup.v2;

import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import dev.criexporter.cgroup.parse.Numbers;
import dev.criexporter.cgroup.parse.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * cgroup v2 {@code io.stat}: one line per device, {@code MAJ:MIN key=value ...}. Empty when the cgroup has done
 * no I/O.
 */
public record IoStatV2(List<IoDeviceV2> devices) {

  private static final KeyTable KEYS = KeyTable.of("rbytes", "wbytes", "rios", "wios", "dbytes", "dios");

  public IoStatV2 {
    devices = List.copyOf(devices);
  }

  /**
   * Parses the file's text. Unknown keys (and their values, which need not be numbers, e.g. io.latency's
   * {@code depth=max}) are ignored.
   *
   * @throws CgroupParseException on a bad device number, a field without {@code =}, or a bad known value
   */
  public static IoStatV2 parse(CharSequence text) {
    String file = V2Files.IO_STAT;
    List<IoDeviceV2> devices = new ArrayList<>();
    int len = text.length();
    int pos = 0;
    while (pos < len) {
      int eol = Text.lineEnd(text, pos);
      int devStart = Text.skipBlank(text, pos, eol);
      if (devStart < eol) {
        int devEnd = Text.tokenEnd(text, devStart, eol);
        long device = Numbers.parseDevice(text, devStart, devEnd, file);
        KeyedValues.Builder values = new KeyedValues.Builder(KEYS);
        int fieldStart = Text.skipBlank(text, devEnd, eol);
        while (fieldStart < eol) {
          int fieldEnd = Text.tokenEnd(text, fieldStart, eol);
          int eq = Text.indexOf(text, '=', fieldStart, fieldEnd);
          if (eq <= fieldStart) {
            throw new CgroupParseException(file, "expected key=value, found "
                + Text.snippet(text, fieldStart, fieldEnd));
          }
          int index = KEYS.indexOf(text, fieldStart, eq);
          if (index >= 0) {
            values.put(index, Numbers.parseUnsigned(text, eq + 1, fieldEnd, file));
          }
          fieldStart = Text.skipBlank(text, fieldEnd, eol);
        }
        KeyedValues v = values.build();
        devices.add(new IoDeviceV2((int) (device >>> 32), (int) device,
            v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5)));
      }
      pos = eol + 1;
    }
    return new IoStatV2(devices);
  }
}
