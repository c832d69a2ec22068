"""Step 6: a computation that survives the loss of a worker.

Prints "STARTED" once tasks run on every worker; the shell script then kills
one worker. The result must still be right.
"""

import time

from dask.distributed import Client

from tap import check, done


def slow_inc(x):
    time.sleep(0.05)
    return x + 1


with Client(timeout="60s") as client:
    client.wait_for_workers(2, timeout=60)
    n = 600  # ~7.5 s of work on 2 workers x 2 threads
    futures = client.map(slow_inc, range(n), pure=False)
    total = client.submit(sum, futures)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        processing = client.processing()
        if sum(1 for tasks in processing.values() if tasks) >= 2:
            break
        time.sleep(0.2)
    print("STARTED", flush=True)
    result = total.result(timeout=240)
    check("computation completes with the right result after a worker was killed", result == n * (n + 1) // 2, result)
    check("cluster has one worker left", len(client.scheduler_info()["workers"]) == 1, list(client.scheduler_info()["workers"]))
done()
