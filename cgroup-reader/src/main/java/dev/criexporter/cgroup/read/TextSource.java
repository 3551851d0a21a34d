package dev.criexporter.cgroup.read;

import java.io.IOException;
import java.nio.file.Path;

/** Where a read session gets a file's text from; {@link FileTextReader} in production. */
@FunctionalInterface
interface TextSource {

  /** The file's whole text, valid until the next call. */
  CharSequence read(Path file) throws IOException;
}
