"""Step 3: real computations from a client container with the client certificate.

Client() takes the scheduler address (DASK_SCHEDULER_ADDRESS) and the TLS
settings (DASK_DISTRIBUTED__COMM__*) from the environment.
"""

import dask.array as da
import numpy as np
from dask.distributed import Client

from tap import check, done


def inc(x):
    return x + 1


with Client(timeout="60s") as client:
    check("client connects over tls://", client.scheduler.address.startswith("tls://"), client.scheduler.address)
    client.wait_for_workers(2, timeout=60)
    workers = client.scheduler_info()["workers"]
    check("two workers joined over tls://", len(workers) >= 2 and all(a.startswith("tls://") for a in workers), list(workers))

    futures = client.map(inc, range(10_000))
    total = client.submit(sum, futures).result(timeout=300)
    check("10,000 tasks: sum(map(inc, range(10000))) == 50005000", total == 50_005_000, total)
    del futures

    x = da.random.default_rng(42).random((4_000, 4_000), chunks=(500, 500))
    got = (x + x.T).mean(axis=0).sum().compute()
    expected = (lambda a: (a + a.T).mean(axis=0).sum())(x.compute())
    check("dask.array reduction matches numpy", np.isclose(got, expected), (got, expected))
    arange_sum = da.arange(10_000_000, chunks=250_000).sum().compute()
    check("dask.array arange sum", int(arange_sum) == 10_000_000 * 9_999_999 // 2, arange_sum)

    try:
        client.get_versions(check=True)
        check("client.get_versions(check=True)", True)
    except Exception as exc:
        check("client.get_versions(check=True)", False, exc)

done()
