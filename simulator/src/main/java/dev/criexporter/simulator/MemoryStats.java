package dev.criexporter.simulator;

/**
 * Memory statistics of one cgroup, in bytes or counts. The kernel's many zero-valued keys are left out: the
 * file formats write them as 0. The fields the CRI derives its numbers from are exact: working set =
 * usage − inactive file, RSS = anon.
 *
 * @param anon anonymous memory (v2 {@code anon}, v1 {@code rss})
 * @param file page cache including shared memory (v2 {@code file}, v1 {@code cache})
 * @param shmem shared memory, part of {@code file}
 * @param fileMapped page cache mapped into processes
 * @param fileDirty page cache waiting for write-back
 * @param activeAnon anon LRU, active part; the inactive part is {@code anon + shmem - activeAnon}
 * @param activeFile file LRU, active part; the inactive part is {@code file - shmem - activeFile}
 * @param kernelStack kernel stacks
 * @param pagetables page tables
 * @param percpu per-CPU kernel data
 * @param sock socket buffers
 * @param slabReclaimable reclaimable slab
 * @param slabUnreclaimable unreclaimable slab
 * @param usage charged memory: v2 {@code memory.current}, v1 {@code memory.usage_in_bytes}; a page multiple
 * @param peak highest usage seen: v2 {@code memory.peak}, v1 {@code memory.max_usage_in_bytes}
 * @param swap swapped-out anonymous memory
 * @param pgfault page faults
 * @param pgmajfault major page faults
 * @param pgactivate pages moved to an active list
 * @param pgscan pages scanned by reclaim
 * @param pgsteal pages reclaimed
 * @param workingsetRefaultFile refaults of evicted file pages
 * @param workingsetActivateFile refaulted file pages activated at once
 * @param maxEvents times usage hit the hard limit (v2 {@code memory.events max}, v1 {@code memory.failcnt})
 * @param oomEvents OOM situations
 * @param oomKills processes killed by the OOM killer
 */
public record MemoryStats(
    long anon,
    long file,
    long shmem,
    long fileMapped,
    long fileDirty,
    long activeAnon,
    long activeFile,
    long kernelStack,
    long pagetables,
    long percpu,
    long sock,
    long slabReclaimable,
    long slabUnreclaimable,
    long usage,
    long peak,
    long swap,
    long pgfault,
    long pgmajfault,
    long pgactivate,
    long pgscan,
    long pgsteal,
    long workingsetRefaultFile,
    long workingsetActivateFile,
    long maxEvents,
    long oomEvents,
    long oomKills) {

  public static final long PAGE_SIZE = 4096;

  public static final MemoryStats ZERO =
      new MemoryStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public MemoryStats {
    if (usage % PAGE_SIZE != 0 || peak % PAGE_SIZE != 0) {
      throw new IllegalArgumentException("usage and peak must be page multiples, got " + usage + " and " + peak);
    }
    if (activeAnon > anon + shmem || activeFile > file - shmem) {
      throw new IllegalArgumentException("active LRU larger than its list: " + this);
    }
  }

  /** Anonymous pages on the inactive LRU (shared memory lives on the anon lists). */
  public long inactiveAnon() {
    return anon + shmem - activeAnon;
  }

  /** File pages on the inactive LRU: what the kubelet subtracts to get the working set. */
  public long inactiveFile() {
    return file - shmem - activeFile;
  }

  public long slab() {
    return slabReclaimable + slabUnreclaimable;
  }

  /** v2 {@code kernel}: all kernel memory charged to the cgroup. */
  public long kernel() {
    return kernelStack + pagetables + percpu + slab();
  }

  /** Working set as the kubelet and the runtimes define it: usage − inactive file, never below 0. */
  public long workingSet() {
    long inactive = inactiveFile();
    return inactive < usage ? usage - inactive : 0;
  }

  /** v1 {@code pgpgin}: pages charged so far. */
  public long pgpgin() {
    return pgfault + peak / PAGE_SIZE;
  }

  /** v1 {@code pgpgout}: pages uncharged so far, so that {@code pgpgin - pgpgout} is the usage in pages. */
  public long pgpgout() {
    return pgpgin() - usage / PAGE_SIZE;
  }

  /** The sum of two children, as their parent accounts it. */
  public MemoryStats plus(MemoryStats o) {
    return new MemoryStats(

        anon + o.anon,
        file + o.file,
        shmem + o.shmem,
        fileMapped + o.fileMapped,
        fileDirty + o.fileDirty,
        activeAnon + o.activeAnon,
        activeFile + o.activeFile,
        kernelStack + o.kernelStack,
        pagetables + o.pagetables,
        percpu + o.percpu,
        sock + o.sock,
        slabReclaimable + o.slabReclaimable,
        slabUnreclaimable + o.slabUnreclaimable,
        usage + o.usage,
        peak + o.peak,
        swap + o.swap,
        pgfault + o.pgfault,
        pgmajfault + o.pgmajfault,
        pgactivate + o.pgactivate,
        pgscan + o.pgscan,
        pgsteal + o.pgsteal,
        workingsetRefaultFile + o.workingsetRefaultFile,
        workingsetActivateFile + o.workingsetActivateFile,
        maxEvents + o.maxEvents,
        oomEvents + o.oomEvents,
        oomKills + o.oomKills);
  }


  /** The counters only: what a removed child leaves in its parent's statistics. */
  public MemoryStats countersOnly() {
    return new MemoryStats(

        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        peak,
        0,
        pgfault,
        pgmajfault,
        pgactivate,
        pgscan,
        pgsteal,
        workingsetRefaultFile,
        workingsetActivateFile,
        maxEvents,
        oomEvents,
        oomKills);
  }
}
