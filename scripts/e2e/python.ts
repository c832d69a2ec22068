import { indentTail, run } from './proc';
import { StepError } from './runner';
import { baseEnv } from './settings';

/** Options of {@link runPython}. */
export interface PythonOptions {
  /** Values the script reads as `P[...]`. */
  readonly params?: Record<string, unknown>;
  readonly timeoutSeconds: number;
  /**
   * Called with each line the script prints.
   * @default none
   */
  readonly onLine?: (line: string) => void;
  /**
   * Containers whose logs explain a failure.
   * @default every container of the stack
   */
  readonly logsOf?: readonly string[];
}

const PRELUDE = `
import json as _json
def report(**values):
    print("E2E-RESULT " + _json.dumps(values, default=str), flush=True)
`;

/**
 * Runs a Python script inside a container, the way a user's notebook runs
 * (`docker exec -i <container> python3 -`: the container's user, environment
 * and certificates). The script reads its parameters as `P` and hands results
 * back with `report(key=value, ...)`; the merged reports are returned. A
 * failed assertion or any exception fails the step with the traceback's end.
 */
export async function runPython(container: string, script: string, options: PythonOptions): Promise<Record<string, unknown>> {
  const params = `P = _json.loads(${JSON.stringify(JSON.stringify(options.params ?? {}))})\n`;
  const result = await run('docker', ['exec', '-i', container, 'python3', '-'], {
    env: baseEnv(),
    input: PRELUDE + params + script,
    timeoutSeconds: options.timeoutSeconds,
    onLine: options.onLine,
  });
  if (result.code !== 0 || result.timedOut) {
    const error = result.stderr.trim().split('\n').pop() ?? '';
    const status = result.timedOut ? `timed out after ${options.timeoutSeconds} s` : `failed (exit ${result.code})`;
    throw new StepError(`python in ${container} ${status}: ${error}${indentTail(result.stderr || result.stdout, 12)}`, options.logsOf);
  }
  const reports = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('E2E-RESULT '))
    .map((line) => JSON.parse(line.slice('E2E-RESULT '.length)) as Record<string, unknown>);
  if (reports.length === 0) throw new StepError(`python in ${container} reported no result${indentTail(result.stdout, 5)}`, options.logsOf);
  return Object.assign({}, ...reports) as Record<string, unknown>;
}

/** The first task of a fresh cluster: `Client()` with no arguments, one task. */
export const FIRST_TASK = `
from dask.distributed import Client
with Client(timeout="120s") as client:
    assert client.submit(lambda: 1 + 1).result(timeout=120) == 2
    report(address=client.scheduler.address)
`;

/**
 * What a user does first in a notebook: \`Client()\` with no arguments (address
 * and client certificate come from the environment), a version check, 10,000
 * tasks and dask.array reductions checked against numpy.
 */
export const COMPUTE = `
import time
import dask.array as da
import numpy as np
from dask.distributed import Client

def inc(x):
    return x + 1

with Client(timeout="60s") as client:
    address = client.scheduler.address
    assert address.startswith("tls://"), f"scheduler address {address} does not start with tls://"
    client.wait_for_workers(P["workers"], timeout=60)
    workers = sorted(client.scheduler_info()["workers"])
    assert len(workers) == P["workers"], f"expected {P['workers']} workers, got {workers}"
    assert all(w.startswith("tls://") for w in workers), f"workers not on tls://: {workers}"
    versions = client.get_versions(check=True)

    start = time.monotonic()
    futures = client.map(inc, range(10_000))
    total = client.submit(sum, futures).result(timeout=300)
    assert total == 50_005_000, f"sum(map(inc, range(10000))) = {total}, expected 50005000"
    tasks_seconds = time.monotonic() - start
    del futures

    x = da.random.default_rng(42).random((2_000, 2_000), chunks=(250, 250))
    got = float((x + x.T).mean(axis=0).sum().compute())
    local = x.compute()
    expected = float((local + local.T).mean(axis=0).sum())
    assert np.isclose(got, expected), f"dask.array reduction {got} != numpy {expected}"
    n = 10_000_000
    arange = int(da.arange(n, chunks=500_000).sum().compute())
    assert arange == n * (n - 1) // 2, f"da.arange({n}).sum() = {arange}"
    report(address=address, workers=workers, tasks_seconds=round(tasks_seconds, 1),
           dask=versions["client"]["packages"]["dask"], python=versions["client"]["host"]["python"])
`;

/**
 * A computation long enough to kill a worker in the middle of it: prints
 * \`STARTED\` once every worker is processing its tasks, then checks the result
 * and that the scheduler saw a worker leave with tasks in hand.
 */
export const SLOW_COMPUTATION = `
import time
from dask.distributed import Client

def slow_inc(x):
    time.sleep(0.1)
    return x + 1

with Client(timeout="60s") as client:
    client.wait_for_workers(P["workers"], timeout=60)
    started = time.time()
    n = P["tasks"]
    futures = client.map(slow_inc, range(n), pure=False)
    total = client.submit(sum, futures)
    deadline = time.monotonic() + 60
    while True:
        busy = [w for w, tasks in client.processing().items() if tasks]
        if len(busy) >= P["workers"]:
            break
        assert time.monotonic() < deadline, "tasks never ran on every worker"
        time.sleep(0.2)
    print("STARTED", flush=True)
    result = total.result(timeout=240)
    assert result == n * (n + 1) // 2, f"result {result}, expected {n * (n + 1) // 2}"
    lost = [
        msg for ts, msg in client.get_events("all")
        if ts >= started and msg.get("action") == "remove-worker"
        and (msg.get("processing-tasks") or msg.get("lost-computed-tasks"))
    ]
    assert lost, "the scheduler saw no worker leave during the computation"
    report(result=result, lost_worker=lost[0]["worker"],
           processing_tasks_lost=len(lost[0]["processing-tasks"]) + len(lost[0]["lost-computed-tasks"]))
`;

/** The cluster has all its workers (within 60 s of connecting) and computes: after a fault, a scale-up. */
export const CLUSTER_READY = `
import time
from dask.distributed import Client

def inc(x):
    return x + 1

start = time.monotonic()
with Client(timeout="60s") as client:
    connected = time.monotonic() - start
    client.wait_for_workers(P["workers"], timeout=60)
    joined = time.monotonic() - start
    workers = sorted(client.scheduler_info()["workers"])
    assert len(workers) == P["workers"], f"expected {P['workers']} workers, got {workers}"
    total = sum(client.gather(client.map(inc, range(1_000), pure=False)))
    assert total == 500_500, f"sum(map(inc, range(1000))) = {total}, expected 500500"
    report(connected_seconds=round(connected, 1), workers_seconds=round(joined, 1), workers=workers)
`;

/** Writes \`P["content"]\` to \`P["path"]\`. */
export const WRITE_FILE = `
with open(P["path"], "w") as f:
    f.write(P["content"])
report(written=P["path"])
`;

/** Reads \`P["path"]\` (or reports that it is missing). */
export const READ_FILE = `
try:
    with open(P["path"]) as f:
        report(content=f.read())
except FileNotFoundError:
    report(content=None)
`;
