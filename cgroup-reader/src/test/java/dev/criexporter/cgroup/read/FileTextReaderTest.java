package dev.criexporter.cgroup.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTextReaderTest {

  @TempDir
  Path temp;

  @Test
  void growsForLargerFilesAndReusesTheBuffer() throws IOException {
    String big = "8:0 rbytes=1 wbytes=2\n".repeat(200);
    Files.writeString(temp.resolve("big"), big);
    Files.writeString(temp.resolve("small"), "42\n");
    FileTextReader reader = new FileTextReader(16);

    assertThat(reader.read(temp.resolve("big")).toString()).isEqualTo(big);
    int grown = reader.capacity();
    assertThat(grown).isGreaterThanOrEqualTo(big.length());
    CharSequence small = reader.read(temp.resolve("small"));
    assertThat(small.length()).isEqualTo(3);
    assertThat(small.subSequence(0, 2)).hasToString("42");
    assertThat(reader.capacity()).isEqualTo(grown);
  }

  @Test
  void readsAnEmptyFile() throws IOException {
    Files.writeString(temp.resolve("empty"), "");
    assertThat(new FileTextReader().read(temp.resolve("empty")).length()).isZero();
  }

  @Test
  void refusesFilesLargerThanTheCap() throws IOException {
    Path huge = temp.resolve("huge");
    Files.write(huge, new byte[FileTextReader.MAX_CAPACITY + 1]);
    assertThatThrownBy(() -> new FileTextReader().read(huge))
        .isInstanceOf(IOException.class).hasMessageContaining("larger than");
  }

  @Test
  void passesNoSuchFileThrough() {
    assertThatThrownBy(() -> new FileTextReader().read(temp.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void textViewRejectsOutOfRangeIndexes() throws IOException {
    Files.writeString(temp.resolve("f"), "ab");
    CharSequence text = new FileTextReader().read(temp.resolve("f"));
    assertThat(text.charAt(1)).isEqualTo('b');
    assertThatThrownBy(() -> text.charAt(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> text.subSequence(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
