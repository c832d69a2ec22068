"""A TLS peer that vanishes must not break the other TLS connections of a process.

The image's .pth loads dask_cdktf_ssl_error_queue, which clears OpenSSL's
per-thread error queue before every TLS I/O call (python/cpython#148594).
This script checks that the guard is loaded lazily and in place, then plays
the failure deterministically on loopback:

  1. two TLS connections A and B, handshakes done, one round trip each;
  2. B's client closes without close_notify and B's server can no longer
     write (shutdown(SHUT_WR)), so reading B ends in "unexpected eof" and
     EPIPE when OpenSSL tries to send its alert;
  3. reading A, which has no data yet, must raise SSLWantReadError.

It plays it twice: guarded (this interpreter) and, for information only,
unguarded (python3 -S, which skips .pth files); the second tells whether the
base image's Python still needs the guard.
"""

import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time

from tap import check, done

SCENARIO_FLAG = "--scenario"


def self_signed(directory: str) -> tuple[str, str]:
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True)
    return cert, key


def tls_pair(listener, server_ctx, client_ctx):
    """A handshaken, non-blocking (client, server) pair after one round trip each way."""
    raw_client = socket.create_connection(listener.getsockname())
    raw_server, _ = listener.accept()
    raw_client.setblocking(False)
    raw_server.setblocking(False)
    client = client_ctx.wrap_socket(raw_client, server_hostname="localhost", do_handshake_on_connect=False)
    server = server_ctx.wrap_socket(raw_server, server_side=True, do_handshake_on_connect=False)
    pending = [client, server]
    deadline = time.monotonic() + 10
    while pending and time.monotonic() < deadline:
        for end in list(pending):
            try:
                end.do_handshake()
                pending.remove(end)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                pass
    for writer, reader in ((client, server), (server, client)):
        writer.send(b"x")
        deadline = time.monotonic() + 10
        while True:
            try:
                reader.recv(16)
                break
            except ssl.SSLWantReadError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
    return client, server


def scenario() -> str:
    """Play the failure; return what reading the healthy connection did."""
    with tempfile.TemporaryDirectory() as directory:
        cert, key = self_signed(directory)
        server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_ctx.load_cert_chain(cert, key)
        client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        client_ctx.load_verify_locations(cert)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        _healthy_client, healthy = tls_pair(listener, server_ctx, client_ctx)
        vanishing_client, vanishing = tls_pair(listener, server_ctx, client_ctx)
        vanishing_client.close()  # no close_notify, as when the process is killed
        socket.socket.shutdown(vanishing, socket.SHUT_WR)  # bypasses SSLSocket.shutdown, which drops the TLS state
        time.sleep(0.1)
        try:
            vanishing.recv(16)
        except OSError:
            pass  # expected: the peer is gone
        try:
            healthy.recv(16)
            return "read returned data"
        except ssl.SSLWantReadError:
            return "SSLWantReadError"
        except OSError as exc:
            return f"{type(exc).__name__}: {exc}"


def main() -> None:
    fresh = subprocess.run([sys.executable, "-c", "import sys; print('ssl' in sys.modules)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    check("the error queue guard does not import ssl at interpreter start", fresh == "False", fresh)

    guard = sys.modules.get("dask_cdktf_ssl_error_queue")  # loaded by its .pth, never imported here
    if check("the error queue guard is loaded at interpreter start (by its .pth)", guard is not None):
        unguarded = [f"{cls}.{name}" for cls, names in guard.GUARDED.items() for name in names
                     if not getattr(getattr(getattr(ssl, cls), name), "clears_openssl_error_queue", False)]
        check("ssl.SSLSocket and ssl.SSLObject I/O methods clear the OpenSSL error queue first",
              not unguarded, unguarded)

    outcome = scenario()
    check("a vanished TLS peer leaves the other connections readable (SSLWantReadError)",
          outcome == "SSLWantReadError", outcome)

    bare = subprocess.run([sys.executable, "-S", __file__, SCENARIO_FLAG], capture_output=True, text=True, timeout=60)
    bare_outcome = (bare.stdout.strip() or bare.stderr.strip()[-200:])
    verdict = ("still needed" if bare_outcome != "SSLWantReadError"
               else "no longer needed by this Python: consider removing it")
    print(f"# without the guard (python3 -S) the healthy read gives: {bare_outcome}; the guard is {verdict}")
    done()


if __name__ == "__main__":
    if sys.argv[1:] == [SCENARIO_FLAG]:
        print(scenario())
    else:
        main()
