package dev.criexporter.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class RenderedTest {

  static byte[] gunzip(byte[] gz) throws IOException {
    return new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
  }

  static MetricSnapshots families(int points, long seed) {
    Random r = new Random(seed);
    var b = GaugeSnapshot.builder().name("g_bytes").help("a gauge");
    for (int i = 0; i < points; i++) {
      b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
          .labels(Labels.of("id", Long.toHexString(r.nextLong()) + i, "pod", "p" + (i % 7)))
          .value(r.nextDouble() * 1e9).build());
    }
    return new MetricSnapshots(b.build());
  }

  @Test
  void gzipWrittenAcrossManyChunksInflatesToTheText() throws Exception {
    ChunkPool pool = new ChunkPool(1000);
    MetricSnapshots s = families(40_000, 1);
    Rendered r = Rendered.of(s, pool);
    assertThat(r.textGzipChunks()).isGreaterThan(3);
    byte[] gz = r.bytes(false, true);
    assertThat(gz).hasSize(r.textGzipBytes());
    byte[] plain = gunzip(gz);
    assertThat(plain).hasSize(r.textBytes());
    assertThat(new String(plain, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(TextWriterTest.upstream(s));
    // The plain body served to clients without gzip is the same text.
    assertThat(r.bytes(false, false)).isEqualTo(plain);
    assertThat(r.series()).isEqualTo(40_000);
  }

  @Test
  void incompressibleInputStillRoundTrips() throws Exception {
    ChunkPool pool = new ChunkPool(100);
    byte[] data = new byte[3 * ChunkPool.CHUNK_BYTES + 17];
    new Random(3).nextBytes(data);
    BodyWriter w = BodyWriter.gzip(pool, 1);
    for (int off = 0; off < data.length; off += 1000) {
      w.write(data, off, Math.min(1000, data.length - off));
    }
    Body gz = w.finish();
    assertThat(gunzip(gz.toBytes())).isEqualTo(data);
    assertThat(BodyWriter.gunzip(pool, gz).toBytes()).isEqualTo(data);
    Body empty = BodyWriter.gzip(pool, 1).finish();
    assertThat(gunzip(empty.toBytes())).isEmpty();
    assertThat(BodyWriter.gunzip(pool, empty).length()).isZero();
  }

  @Test
  void chunksGoBackToThePoolWhenTheLastReaderReleases() {
    ChunkPool pool = new ChunkPool(1000);
    Rendered first = Rendered.of(families(20_000, 2), pool);
    long allocated = pool.allocatedChunks();
    assertThat(first.retain()).isTrue(); // a scrape in flight
    first.release(); // the publisher lets go
    assertThat(pool.freeChunks()).isZero();
    first.release(); // the scrape finished
    assertThat(pool.freeChunks()).isEqualTo(first.textGzipChunks());
    assertThat(first.retain()).as("a freed rendering cannot be picked up again").isFalse();
    assertThatThrownBy(() -> first.bytes(false, true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(first::release).isInstanceOf(IllegalStateException.class);

    Rendered second = Rendered.of(families(20_000, 2), pool);
    assertThat(pool.allocatedChunks()).as("the next rendering reuses the chunks")
        .isEqualTo(allocated);
    assertThat(second.bytes(false, true)).hasSize(second.textGzipBytes());
  }

  @Test
  void thePoolKeepsNoMoreThanItsLimit() {
    ChunkPool pool = new ChunkPool(2);
    Rendered r = Rendered.of(families(20_000, 4), pool);
    r.bytes(false, false); // a plain body too
    r.release();
    assertThat(pool.freeChunks()).isEqualTo(2);
    pool.retainLimit(1);
    assertThat(pool.freeChunks()).isEqualTo(1);
  }
}
