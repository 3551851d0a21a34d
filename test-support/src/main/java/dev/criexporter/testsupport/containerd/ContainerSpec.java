package dev.criexporter.testsupport.containerd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to run in one container of a test pod: its name, command and arguments (the image's
 * {@code /bin/sleep 2147483647} if none), resources and extra labels. Build with
 * {@link #builder(String)}; ready-made workloads are in {@link Workloads}.
 */
public final class ContainerSpec {

  private final String name;
  private final List<String> command;
  private final List<String> args;
  private final OptionalLong cpuQuota;
  private final OptionalLong cpuPeriod;
  private final OptionalLong cpuShares;
  private final OptionalLong memoryLimitBytes;
  private final Map<String, String> environment;
  private final Map<String, String> labels;

  private ContainerSpec(Builder builder) {
    this.name = builder.name;
    this.command = List.copyOf(builder.command);
    this.args = List.copyOf(builder.args);
    this.cpuQuota = builder.cpuQuota;
    this.cpuPeriod = builder.cpuPeriod;
    this.cpuShares = builder.cpuShares;
    this.memoryLimitBytes = builder.memoryLimitBytes;
    this.environment = Map.copyOf(builder.environment);
    this.labels = Map.copyOf(builder.labels);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder starting from this spec, e.g. to add a limit to a ready-made workload. */
  public Builder toBuilder() {
    Builder builder = new Builder(name).command(command).args(args);
    builder.cpuQuota = cpuQuota;
    builder.cpuPeriod = cpuPeriod;
    builder.cpuShares = cpuShares;
    builder.memoryLimitBytes = memoryLimitBytes;
    builder.environment.putAll(environment);
    builder.labels.putAll(labels);
    return builder;
  }

  public String name() {
    return name;
  }

  /** The entrypoint; empty means the image's. */
  public List<String> command() {
    return command;
  }

  public List<String> args() {
    return args;
  }

  /** CFS quota in microseconds per {@link #cpuPeriod()}; empty means no CPU limit. */
  public OptionalLong cpuQuota() {
    return cpuQuota;
  }

  /** CFS period in microseconds; empty means the kernel default (100000). */
  public OptionalLong cpuPeriod() {
    return cpuPeriod;
  }

  public OptionalLong cpuShares() {
    return cpuShares;
  }

  /** Memory limit; empty means unlimited. */
  public OptionalLong memoryLimitBytes() {
    return memoryLimitBytes;
  }

  public Map<String, String> environment() {
    return environment;
  }

  /** Labels added to the kubelet-style ones. */
  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public String toString() {
    return "ContainerSpec[" + name + " " + (command.isEmpty() ? "(image default)" : String.join(" ", command))
        + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "]";
  }

  public static final class Builder {

    private final String name;
    private List<String> command = List.of();
    private List<String> args = List.of();
    private OptionalLong cpuQuota = OptionalLong.empty();
    private OptionalLong cpuPeriod = OptionalLong.empty();
    private OptionalLong cpuShares = OptionalLong.empty();
    private OptionalLong memoryLimitBytes = OptionalLong.empty();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("container name must not be blank");
      }
      this.name = name;
    }

    public Builder command(String... command) {
      return command(List.of(command));
    }

    public Builder command(List<String> command) {
      this.command = List.copyOf(command);
      return this;
    }

    public Builder args(String... args) {
      return args(List.of(args));
    }

    public Builder args(List<String> args) {
      this.args = List.copyOf(args);
      return this;
    }

    /** A CFS limit of {@code quotaMicros} per {@code periodMicros}, e.g. 50000/100000 for half a core. */
    public Builder cpuQuota(long quotaMicros, long periodMicros) {
      if (quotaMicros < 1000 || periodMicros < 1000 || periodMicros > 1_000_000) {
        throw new IllegalArgumentException("CFS quota must be >= 1000 us and period within 1000..1000000 us, got "
            + quotaMicros + "/" + periodMicros);
      }
      this.cpuQuota = OptionalLong.of(quotaMicros);
      this.cpuPeriod = OptionalLong.of(periodMicros);
      return this;
    }

    public Builder cpuShares(long shares) {
      if (shares < 2) {
        throw new IllegalArgumentException("cpu shares must be >= 2, got " + shares);
      }
      this.cpuShares = OptionalLong.of(shares);
      return this;
    }

    public Builder memoryLimitBytes(long bytes) {
      if (bytes < 4L * 1024 * 1024) {
        throw new IllegalArgumentException("memory limit below 4 MiB would not even start a shell: " + bytes);
      }
      this.memoryLimitBytes = OptionalLong.of(bytes);
      return this;
    }

    public Builder env(String key, String value) {
      environment.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public ContainerSpec build() {
      return new ContainerSpec(this);
    }
  }
}
