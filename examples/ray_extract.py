"""Extract a corpus on Ray and write a dataset ``zhextract validate``/``diff`` accept.

    pip install 'ray[data]' pyarrow target/wheels/zhextract-*.whl
    python3 examples/ray_extract.py seeds /tmp/zx-ray --num-cpus 2
    zhextract validate /tmp/zx-ray

Without a running cluster, a local one is started with ``--num-cpus`` CPUs; to use an
existing cluster, set ``RAY_ADDRESS`` (or call ``ray.init(address=...)`` before ``run``).
Inputs and OUT must be on a file system every node mounts at the same path.
"""

import argparse
import os

import ray

import zhextract.ray


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="files or directories, as for `zhextract run`")
    parser.add_argument("out", help="the dataset directory to write")
    parser.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local Ray instance started")
    parser.add_argument(
        "--batch-size", type=int, default=zhextract.ray.DEFAULT_BATCH_SIZE, help="documents per call (0: a whole Ray block)"
    )
    args = parser.parse_args()
    if os.environ.get("RAY_ADDRESS"):
        ray.init()
    result = zhextract.ray.run(args.inputs, args.out, num_cpus=args.num_cpus, batch_size=args.batch_size or None)
    print(f"{result.documents} documents ({result.failed_documents} failed) in {result.seconds:.1f} s")
    print(f"{result.parts} parts per table; rows: {result.row_counts}")
    print(result.validation)


if __name__ == "__main__":
    main()
