package dev.criexporter.testsupport.prometheus;

import java.time.Instant;
import java.util.Map;

/** An active scrape target as {@code /api/v1/targets} reports it. */
public record Target(Map<String, String> labels, String scrapePool, String scrapeUrl, String health, String lastError,
                     Instant lastScrape) {

    public Target {
        labels = Map.copyOf(labels);
    }

    public boolean isUp() {
        return "up".equals(health);
    }
}
