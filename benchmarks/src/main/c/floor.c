/*
 * The floor: the least a poll could cost in reading cgroup files, measured with a plain C reader.
 *
 *   floor read  ROOT DIRS_FILE FILES_FILE PASSES
 *       For each pass, for each directory listed in DIRS_FILE (relative to ROOT, one per line),
 *       opens, reads to the end and closes each file named in FILES_FILE (one per line; a name may
 *       repeat, to mirror a reader that reads a file twice), and parses the numbers in it. Prints one
 *       line per pass: "pass <i> cpu_ns <n> user_us <n> sys_us <n> wall_ns <n> files <n> bytes <n>".
 *
 *   floor watch DIR SECONDS
 *       Counts IN_OPEN events on the files of DIR for SECONDS (inotify): which files another process
 *       opens there, and how often. Prints "<count> <name>" per file.
 *
 * Built by the node bench with `gcc -O2`; no dependencies beyond libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINES 200000
#define MAX_WATCHED 256

static char buffer[64 * 1024];

static int64_t now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t tv_us(struct timeval tv) {
  return (int64_t)tv.tv_sec * 1000000LL + tv.tv_usec;
}

/* Reads non-empty lines of a file into a freshly allocated array. */
static char **read_lines(const char *path, int *count) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "floor: cannot open %s: %s\n", path, strerror(errno));
    exit(2);
  }
  char **lines = calloc(MAX_LINES, sizeof(char *));
  char line[PATH_MAX];
  int n = 0;
  while (n < MAX_LINES && fgets(line, sizeof line, f) != NULL) {
    size_t len = strcspn(line, "\r\n");
    line[len] = '\0';
    if (len > 0) {
      lines[n++] = strdup(line);
    }
  }
  fclose(f);
  *count = n;
  return lines;
}

/* Sums every decimal number in the text: touches every byte, as a parser must. */
static uint64_t parse_numbers(const char *p, ssize_t len) {
  uint64_t sum = 0, value = 0;
  int in_number = 0;
  for (ssize_t i = 0; i < len; i++) {
    char c = p[i];
    if (c >= '0' && c <= '9') {
      value = value * 10 + (uint64_t)(c - '0');
      in_number = 1;
    } else if (in_number) {
      sum += value;
      value = 0;
      in_number = 0;
    }
  }
  return sum + value;
}

static int cmd_read(const char *root, const char *dirs_file, const char *files_file, int passes) {
  int ndirs, nfiles;
  char **dirs = read_lines(dirs_file, &ndirs);
  char **files = read_lines(files_file, &nfiles);
  char path[PATH_MAX];
  uint64_t checksum = 0;
  for (int pass = 0; pass < passes; pass++) {
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    int64_t cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    int64_t wall0 = now_ns(CLOCK_MONOTONIC);
    long opened = 0, bytes = 0;
    for (int d = 0; d < ndirs; d++) {
      for (int f = 0; f < nfiles; f++) {
        snprintf(path, sizeof path, "%s/%s/%s", root, dirs[d], files[f]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          continue;
        }
        opened++;
        ssize_t got;
        while ((got = read(fd, buffer, sizeof buffer)) > 0) {
          bytes += got;
          checksum += parse_numbers(buffer, got);
        }
        close(fd);
      }
    }
    int64_t wall1 = now_ns(CLOCK_MONOTONIC);
    int64_t cpu1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    getrusage(RUSAGE_SELF, &r1);
    printf("pass %d cpu_ns %lld user_us %lld sys_us %lld wall_ns %lld files %ld bytes %ld\n", pass,
        (long long)(cpu1 - cpu0), (long long)(tv_us(r1.ru_utime) - tv_us(r0.ru_utime)),
        (long long)(tv_us(r1.ru_stime) - tv_us(r0.ru_stime)), (long long)(wall1 - wall0), opened,
        bytes);
  }
  fprintf(stderr, "checksum %llu\n", (unsigned long long)checksum);
  return 0;
}

static int cmd_watch(const char *dir, int seconds) {
  int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (fd < 0 || inotify_add_watch(fd, dir, IN_OPEN) < 0) {
    fprintf(stderr, "floor: cannot watch %s: %s\n", dir, strerror(errno));
    return 2;
  }
  char *names[MAX_WATCHED];
  long counts[MAX_WATCHED];
  int n = 0;
  char events[16 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
  int64_t end = now_ns(CLOCK_MONOTONIC) + (int64_t)seconds * 1000000000LL;
  printf("ready\n");
  fflush(stdout);
  for (;;) {
    int64_t left = end - now_ns(CLOCK_MONOTONIC);
    if (left <= 0) {
      break;
    }
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, (int)(left / 1000000 + 1)) <= 0) {
      continue;
    }
    ssize_t len = read(fd, events, sizeof events);
    for (char *p = events; len > 0 && p < events + len;) {
      struct inotify_event *e = (struct inotify_event *)p;
      if (e->len > 0) {
        int i = 0;
        while (i < n && strcmp(names[i], e->name) != 0) {
          i++;
        }
        if (i == n && n < MAX_WATCHED) {
          names[n] = strdup(e->name);
          counts[n++] = 0;
        }
        if (i < n) {
          counts[i]++;
        }
      }
      p += sizeof(struct inotify_event) + e->len;
    }
  }
  for (int i = 0; i < n; i++) {
    printf("%ld %s\n", counts[i], names[i]);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 6 && strcmp(argv[1], "read") == 0) {
    return cmd_read(argv[2], argv[3], argv[4], atoi(argv[5]));
  }
  if (argc == 4 && strcmp(argv[1], "watch") == 0) {
    return cmd_watch(argv[2], atoi(argv[3]));
  }
  fprintf(stderr, "usage: floor read ROOT DIRS_FILE FILES_FILE PASSES | floor watch DIR SECONDS\n");
  return 2;
}
