package dev.criexporter.exporter.poll;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Logs a condition when it changes, not every time it is seen: a dead runtime produces one line
 * when it goes away and one when it comes back, however many polls fail in between.
 */
public final class ConditionLog {
  private final Logger log;
  private final Map<String, String> states = new HashMap<>();

  public ConditionLog(Logger log) {
    this.log = log;
  }

  /**
   * Reports the current state of {@code key}. A change to a non-null state logs {@code problem}
   * as a warning; a change back to {@code null} (healthy) logs {@code recovery} at info.
   *
   * @return true if the state changed (and something was logged)
   */
  public boolean report(String key, String state, String problem, String recovery) {
    String before = states.get(key);
    if (Objects.equals(before, state)) {
      return false;
    }
    if (state == null) {
      states.remove(key);
      if (recovery != null) {
        log.info(recovery);
      }
    } else {
      states.put(key, state);
      log.warn(problem);
    }
    return true;
  }

  /** The current non-healthy state of {@code key}, or null. */
  public String state(String key) {
    return states.get(key);
  }
}
