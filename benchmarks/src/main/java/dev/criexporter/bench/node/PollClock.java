package dev.criexporter.bench.node;

/**
 * The poll loop's state as the exporter publishes it: polls finished, their summed wall time, and
 * when the last one started. Polls run at a fixed rate, so the last start tells when the next poll
 * begins and ends, and a scrape can be placed between two polls.
 *
 * @param polls {@code cri_exporter_poll_duration_seconds_count}
 * @param wallSeconds {@code cri_exporter_poll_duration_seconds_sum}
 * @param lastStartMillis {@code cri_exporter_last_successful_poll_timestamp_seconds} in ms
 */
record PollClock(double polls, double wallSeconds, long lastStartMillis, Exposition exposition) {

  static PollClock of(Exposition e) {
    return new PollClock(e.value("cri_exporter_poll_duration_seconds_count"),
        e.value("cri_exporter_poll_duration_seconds_sum"),
        (long) (e.value("cri_exporter_last_successful_poll_timestamp_seconds") * 1000), e);
  }

  /**
   * The next instant (epoch ms, after {@code nowMillis}) at {@code phase} of a poll period: with
   * phase 0.9, just before the following poll starts, when the previous one has long finished.
   */
  long nextPhase(long nowMillis, long periodMillis, double phase) {
    long offset = (long) (periodMillis * phase);
    long k = Math.max(0, (nowMillis - lastStartMillis - offset) / periodMillis + 1);
    return lastStartMillis + k * periodMillis + offset;
  }
}
