"""Throughput of ``zhextract.ray.run`` next to ``zhextract run`` on the same corpus.

    python3 examples/ray_throughput.py CORPUS_DIR --cli target/release/zhextract --cpus 2

Runs the CLI (``-j CPUS``) and the Ray run (a local cluster of CPUS CPUs) alternately,
``--repeat`` times each, and prints MB/s (input bytes / wall seconds) of each run: the Ray
run on a new cluster (with and without ``ray.init``), then again on the same cluster (its
workers already started). All include validation. The machine's busy CPU seconds during
each run (Linux ``/proc/stat``, every process, Ray's included) are printed too: how much
CPU each way spends, and how many cores it kept busy.
"""

import argparse
import os
import pathlib
import subprocess
import tempfile
import time

import ray

import zhextract.ray


def machine_busy_seconds() -> float:
    """CPU seconds every process on the machine spent busy (Linux ``/proc/stat``; 0 elsewhere),
    Ray's own processes included."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def corpus_bytes(corpus: pathlib.Path) -> int:
    return sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=pathlib.Path)
    parser.add_argument("--cli", default="target/release/zhextract")
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--batch-size", type=int, default=zhextract.ray.DEFAULT_BATCH_SIZE, help="documents per call (0: a whole Ray block)"
    )
    args = parser.parse_args()
    megabytes = corpus_bytes(args.corpus) / 1e6
    print(f"corpus: {megabytes:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(args.repeat):
            busy_before, started = machine_busy_seconds(), time.monotonic()
            subprocess.run(
                [args.cli, "run", str(args.corpus), "--out", f"{tmp}/cli", "-j", str(args.cpus), "-q", "--force"],
                check=False,
            )
            cli, busy_cli = time.monotonic() - started, machine_busy_seconds() - busy_before
            print(
                f"[{attempt}] cli -j {args.cpus}: {cli:.1f} s, {megabytes / cli:.2f} MB/s; "
                f"machine busy {busy_cli:.1f} CPU s ({busy_cli / cli:.2f} cores)"
            )
            started = time.monotonic()
            ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
            up = time.monotonic()
            # The first run on a new cluster also starts Ray's worker processes (each imports
            # pyarrow and loads zhextract's dictionaries); the second finds them running, as
            # a run on a long-lived cluster does.
            for run_name in ("first run", "second run"):
                busy_before, run_started = machine_busy_seconds(), time.monotonic()
                result = zhextract.ray.run(
                    args.corpus, f"{tmp}/ray", num_cpus=args.cpus, batch_size=args.batch_size or None, overwrite=True
                )
                done, busy_ray = time.monotonic(), machine_busy_seconds() - busy_before
                run = done - run_started
                print(
                    f"[{attempt}] ray {args.cpus} CPUs, batch {args.batch_size}, {run_name}: {run:.1f} s, "
                    f"{megabytes / run:.2f} MB/s ({megabytes / run / (megabytes / cli):.0%} of the CLI's); "
                    f"{result.parts} parts; machine busy {busy_ray:.1f} CPU s ({busy_ray / run:.2f} cores, "
                    f"{busy_ray / busy_cli:.2f}x the CLI's)"
                )
                if run_name == "first run":
                    total = done - started
                    print(
                        f"[{attempt}] ray first run counting ray.init: {total:.1f} s, {megabytes / total:.2f} MB/s "
                        f"({megabytes / total / (megabytes / cli):.0%} of the CLI's)"
                    )
            ray.shutdown()

if __name__ == "__main__":
    main()
