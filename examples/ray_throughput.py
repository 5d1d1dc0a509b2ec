"""Throughput of ``zhextract.ray.run`` next to ``zhextract run`` on the same corpus.

    python3 examples/ray_throughput.py CORPUS_DIR --cli target/release/zhextract --cpus 2

Runs the CLI (``-j CPUS``) and the Ray run (a local cluster of CPUS CPUs) alternately,
``--repeat`` times each, and prints MB/s (input bytes / wall seconds) of each run: the Ray
run without and with the cluster's start-up. Both include validation. CPU seconds (this
process and its reaped children) are printed too: less sensitive to other load.
"""

import argparse
import pathlib
import resource
import subprocess
import tempfile
import time

import ray

import zhextract.ray


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the CLI; Ray's processes once
    ``ray.shutdown`` has stopped them)."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


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
            cpu_before = cpu_seconds()
            started = time.monotonic()
            subprocess.run(
                [args.cli, "run", str(args.corpus), "--out", f"{tmp}/cli", "-j", str(args.cpus), "-q", "--force"],
                check=False,
            )
            cli = time.monotonic() - started
            cpu_cli = cpu_seconds() - cpu_before
            print(f"[{attempt}] cli -j {args.cpus}: {cli:.1f} s, {megabytes / cli:.2f} MB/s, {cpu_cli:.1f} CPU s")
            cpu_before = cpu_seconds()
            started = time.monotonic()
            ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
            up = time.monotonic()
            result = zhextract.ray.run(args.corpus, f"{tmp}/ray", num_cpus=args.cpus, batch_size=args.batch_size or None)
            done = time.monotonic()
            ray.shutdown()
            cpu_ray = cpu_seconds() - cpu_before
            run, total = done - up, done - started
            print(
                f"[{attempt}] ray {args.cpus} CPUs, batch {args.batch_size}: {run:.1f} s, {megabytes / run:.2f} MB/s "
                f"({run / cli:.2f}x CLI time); with start-up {total:.1f} s, {megabytes / total:.2f} MB/s "
                f"({total / cli:.2f}x); {result.parts} parts; {cpu_ray:.1f} CPU s with start-up "
                f"({cpu_ray / cpu_cli:.2f}x CLI)"
            )


if __name__ == "__main__":
    main()
