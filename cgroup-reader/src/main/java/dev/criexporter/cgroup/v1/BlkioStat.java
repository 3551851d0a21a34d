package dev.criexporter.cgroup.v1;

import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import dev.criexporter.cgroup.parse.Numbers;
import dev.criexporter.cgroup.parse.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A cgroup v1 blkio per-device file ({@code blkio.throttle.io_service_bytes}, {@code blkio.throttle.io_serviced}):
 * lines {@code MAJ:MIN Op value} for {@code Read}, {@code Write}, {@code Sync}, {@code Async}, {@code Discard},
 * {@code Total}, then a final {@code Total value}.
 *
 * @param devices one entry per device, in file order
 * @param total the final {@code Total} line, if present
 */
public record BlkioStat(List<BlkioDevice> devices, OptionalLong total) {

  private static final KeyTable OPS = KeyTable.of("Read", "Write", "Sync", "Async", "Discard", "Total");

  public BlkioStat {
    devices = List.copyOf(devices);
  }

  /**
   * Parses the text of the file named {@code file}. Unknown operations are ignored.
   *
   * @throws CgroupParseException on a line that is neither {@code MAJ:MIN Op value} nor {@code Total value}
   */
  public static BlkioStat parse(CharSequence text, String file) {
    List<Long> order = new ArrayList<>();
    List<KeyedValues.Builder> builders = new ArrayList<>();
    OptionalLong total = OptionalLong.empty();
    int len = text.length();
    int pos = 0;
    while (pos < len) {
      int eol = Text.lineEnd(text, pos);
      int firstStart = Text.skipBlank(text, pos, eol);
      if (firstStart < eol) {
        int firstEnd = Text.tokenEnd(text, firstStart, eol);
        int secondStart = Text.skipBlank(text, firstEnd, eol);
        int secondEnd = Text.tokenEnd(text, secondStart, eol);
        int thirdStart = Text.skipBlank(text, secondEnd, eol);
        int thirdEnd = Text.tokenEnd(text, thirdStart, eol);
        if (Text.skipBlank(text, thirdEnd, eol) != eol) {
          throw new CgroupParseException(file, "too many fields: " + Text.snippet(text, firstStart, eol));
        }
        if (Text.regionEquals(text, firstStart, firstEnd, "Total") && thirdStart == eol) {
          total = OptionalLong.of(Numbers.parseUnsigned(text, secondStart, secondEnd, file));
        } else if (thirdStart < eol) {
          long device = Numbers.parseDevice(text, firstStart, firstEnd, file);
          int op = OPS.indexOf(text, secondStart, secondEnd);
          if (op >= 0) {
            builderFor(device, order, builders).put(op,
                Numbers.parseUnsigned(text, thirdStart, thirdEnd, file));
          }
        } else {
          throw new CgroupParseException(file, "expected 'MAJ:MIN Op value' or 'Total value', found "
              + Text.snippet(text, firstStart, eol));
        }
      }
      pos = eol + 1;
    }
    List<BlkioDevice> devices = new ArrayList<>(order.size());
    for (int i = 0; i < order.size(); i++) {
      long device = order.get(i);
      KeyedValues v = builders.get(i).build();
      devices.add(new BlkioDevice((int) (device >>> 32), (int) device,
          v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5)));
    }
    return new BlkioStat(devices, total);
  }

  private static KeyedValues.Builder builderFor(long device, List<Long> order, List<KeyedValues.Builder> builders) {
    // A device's lines are contiguous, so the last entry is nearly always the one.
    for (int i = order.size() - 1; i >= 0; i--) {
      if (order.get(i) == device) {
        return builders.get(i);
      }
    }
    KeyedValues.Builder builder = new KeyedValues.Builder(OPS);
    order.add(device);
    builders.add(builder);
    return builder;
  }
}
