"""Step 4: connections the scheduler must refuse.

    python refusals.py tls://scheduler:8786 tcp://scheduler:8786

Mounted: /etc/dask/tls/ca.crt, the cluster CA (so the client trusts the
scheduler) with tls.crt + tls.key, a client certificate from ANOTHER CA; and
/etc/dask/tls-client/, the genuine client certificate, for the control.
"""

import asyncio
import ssl
import sys

from dask.distributed import Client
from distributed.comm import connect
from distributed.security import Security

from tap import check, done, refused

tls_address, tcp_address = sys.argv[1], sys.argv[2]
CA = "/etc/dask/tls/ca.crt"


def context(cert=None, key=None):
    """A client TLS context that trusts the cluster CA, optionally with a client certificate."""
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=CA)
    ctx.check_hostname = False  # as distributed does
    if cert:
        ctx.load_cert_chain(cert, key)
    return ctx


def comm_handshake(ctx):
    """Dask's own connect(): TLS handshake, then Dask's handshake and an identity call."""

    async def go():
        comm = await connect(tls_address, timeout=10, ssl_context=ctx)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await asyncio.wait_for(comm.read(), 10)
        finally:
            comm.abort()

    return asyncio.run(go())


def client(address, security):
    with Client(address, security=security, timeout="10s") as c:
        return c.scheduler_info()["address"]


# Control: the very same code path with the genuine client certificate works,
# so the refusals below come from the scheduler, not from the test.
try:
    identity = comm_handshake(context("/etc/dask/tls-client/tls.crt", "/etc/dask/tls-client/tls.key"))
    check("control: raw TLS connection with the client certificate is accepted", identity.get("type") == "Scheduler", identity)
except Exception as exc:
    check("control: raw TLS connection with the client certificate is accepted", False, repr(exc))

refused("client without a certificate is refused (TLS handshake, no client cert)", lambda: comm_handshake(context()))
refused(
    "client with a certificate from another CA is refused (TLS handshake)",
    lambda: comm_handshake(context("/etc/dask/tls/tls.crt", "/etc/dask/tls/tls.key")),
)
refused(
    "Client() with a certificate from another CA is refused",
    lambda: client(
        tls_address,
        Security(
            tls_ca_file=CA,
            tls_client_cert="/etc/dask/tls/tls.crt",
            tls_client_key="/etc/dask/tls/tls.key",
            require_encryption=True,
        ),
    ),
)
refused("plain tcp:// connection to the scheduler fails", lambda: client(tcp_address, Security()))
done()
