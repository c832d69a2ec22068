"""Clear OpenSSL's error queue before every TLS read, write, handshake and shutdown.

Why: OpenSSL keeps one error queue per thread, and SSL_get_error() reads it
before it looks at the connection it is asked about, so the queue must be
empty before each SSL_read/SSL_write. CPython's ssl module does not empty it
(python/cpython#148594, open), and since python/cpython#127257 (in 3.13 and
in the 3.12 security releases) an error that OpenSSL tags as a system error
is raised as OSError *without* clearing the queue. With OpenSSL 3.5, a TLS
peer that vanishes (a killed worker, a preempted node) can leave
"unexpected eof" plus EPIPE on the queue of the thread that read from it.
From then on, every read on any other TLS connection of that thread that has
no data yet raises BrokenPipeError instead of SSLWantReadError: a Dask
scheduler's event loop drops all its connections, clients included.

How: dask-cdktf-ssl-error-queue.pth imports this module at interpreter start.
It costs nothing until ``ssl`` is imported (importing ssl takes about 60 ms,
so the module does not import it itself); then it wraps the methods of
ssl.SSLSocket (tornado, so Dask's TLS comms) and ssl.SSLObject (asyncio) that
call SSL_read_ex, SSL_write_ex, SSL_do_handshake or SSL_shutdown, so each
call starts with ERR_clear_error() in the calling thread. That is what
BoringSSL does in every one of these functions.

Remove it once the base image's Python clears the queue itself:
scripts/image-test/ssl_error_queue.py prints whether the bug is still there.
"""

import sys

#: ssl classes and the methods of each that run an OpenSSL I/O call.
GUARDED = {
    "SSLSocket": ("read", "write", "send", "do_handshake", "unwrap"),
    "SSLObject": ("read", "write", "do_handshake", "unwrap"),
}


def guard(ssl) -> None:
    """Wrap the methods in GUARDED of the (just imported) ssl module."""
    import ctypes
    import functools

    # dlsym() on the handle of _ssl also searches its dependencies: libcrypto.
    # A _ssl built into the interpreter has no __file__: then search the program.
    libssl = ctypes.CDLL(getattr(ssl._ssl, "__file__", None))
    err_clear_error = libssl.ERR_clear_error
    err_clear_error.argtypes = []
    err_clear_error.restype = None

    def clearing(method):
        @functools.wraps(method)
        def call(*args, **kwargs):
            err_clear_error()
            return method(*args, **kwargs)

        call.clears_openssl_error_queue = True
        return call

    for class_name, names in GUARDED.items():
        cls = getattr(ssl, class_name)
        for name in names:
            setattr(cls, name, clearing(getattr(cls, name)))


class GuardWhenImported:
    """Meta path finder: lets ``import ssl`` run as usual, then guards the module."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "ssl":
            return None
        sys.meta_path.remove(cls)
        from importlib.util import find_spec

        spec = find_spec(name)
        exec_module = spec.loader.exec_module

        def exec_and_guard(module):
            exec_module(module)
            guard(module)

        spec.loader.exec_module = exec_and_guard
        return spec


if "ssl" in sys.modules:
    guard(sys.modules["ssl"])
else:
    sys.meta_path.insert(0, GuardWhenImported)
