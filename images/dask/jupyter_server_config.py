# Jupyter server configuration baked into the dask-cdktf image
# (/etc/jupyter/jupyter_server_config.py). Secure defaults; see README.md.
import os
from urllib.parse import urlsplit

c = get_config()  # noqa: F821  (provided by traitlets when the file is loaded)

c.ServerApp.ip = "0.0.0.0"
c.ServerApp.port = 8888
c.ServerApp.open_browser = False
c.ServerApp.allow_remote_access = True  # reached through a Service / container name
c.ServerApp.root_dir = os.environ.get("HOME", "/home/dask")
# Same-origin only: never allow_origin "*"; XSRF checks stay on (the defaults,
# stated here so that nobody flips them by accident).
c.ServerApp.allow_origin = ""
c.ServerApp.disable_check_xsrf = False

# Token: JUPYTER_TOKEN, else the content of JUPYTER_TOKEN_FILE. jupyter_server
# reads both variables itself but keeps a trailing newline from the file, which
# makes the token unusable; strip it. dask-entrypoint refuses to start Jupyter
# without a non-empty token.
_token = os.environ.get("JUPYTER_TOKEN", "")
if not _token and os.environ.get("JUPYTER_TOKEN_FILE"):
    with open(os.environ["JUPYTER_TOKEN_FILE"], encoding="utf-8") as _f:
        _token = _f.read().strip()
if _token:
    c.IdentityProvider.token = _token
# No password login as an alternative to the token.
c.PasswordIdentityProvider.allow_password_change = False

# jupyter-server-proxy: /proxy/<host>:<port>/... only to hosts named in
# DASK_CDKTF_PROXY_HOSTS (comma-separated), plus the scheduler host taken from
# DASK_SCHEDULER_ADDRESS, plus the loopback names.
_hosts = {"localhost", "127.0.0.1"}
_hosts.update(h.strip() for h in os.environ.get("DASK_CDKTF_PROXY_HOSTS", "").split(",") if h.strip())
_scheduler = os.environ.get("DASK_SCHEDULER_ADDRESS", "")
if "://" in _scheduler:
    _host = urlsplit(_scheduler).hostname
    if _host:
        _hosts.add(_host)
c.ServerProxy.host_allowlist = sorted(_hosts)
