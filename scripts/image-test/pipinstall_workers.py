"""Step 7b: PipInstall plugin on read-only workers (user site under $HOME).

    python pipinstall_workers.py PACKAGE==VERSION MODULE
"""

import sys

from dask.distributed import Client, PipInstall

from tap import check, done

requirement, module = sys.argv[1], sys.argv[2]


def import_version(name):
    import importlib

    importlib.invalidate_caches()
    mod = importlib.import_module(name)
    return getattr(mod, "__version__", "?"), mod.__file__


with Client(timeout="60s") as client:
    client.wait_for_workers(2, timeout=120)
    client.register_plugin(PipInstall([requirement]), name="dctest-pip")
    results = client.run(import_version, module)
    check(
        f"PipInstall({requirement!r}) on every worker, importable in the running worker",
        len(results) >= 2 and all("/home/dask/.local/" in f for _, f in results.values()),
        results,
    )
    futures = [client.submit(import_version, module, workers=[w], pure=False) for w in results]
    check("tasks import the package", all(f.result(timeout=60)[0] for f in futures))
done()
