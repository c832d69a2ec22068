"""Run joblib work on the Dask cluster with the "dask" joblib backend.

Client() takes the scheduler address and the TLS settings from the environment
(DASK_SCHEDULER_ADDRESS and DASK_DISTRIBUTED__COMM__TLS__* are set in the
dask-cdktf JupyterLab container), so no arguments are needed:

    python joblib_dask_backend.py
"""

import math
import time

import joblib
from dask.distributed import Client


def slow_isqrt(n: int) -> int:
    time.sleep(0.01)  # stands in for real work
    return math.isqrt(n)


def main() -> None:
    with Client() as client:
        print("scheduler:", client.scheduler.address)
        print("dashboard:", client.dashboard_link)
        print("workers:  ", len(client.scheduler_info()["workers"]))

        # Every joblib.Parallel inside this block runs its tasks on the cluster.
        with joblib.parallel_config(backend="dask"):
            roots = joblib.Parallel()(joblib.delayed(slow_isqrt)(i * i) for i in range(500))

        assert roots == list(range(500)), "unexpected results"
        print("joblib on dask: 500 tasks ok, sum =", sum(roots))


if __name__ == "__main__":
    main()
