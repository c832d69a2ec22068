"""Step 5: HTTP endpoints, from a container on the test network.

    python http_checks.py SCHEDULER_HOST JUPYTER_HOST WORKER_HOST
The Jupyter token is read from /etc/dask/tls/jupyter-token.
"""

import sys
import urllib.error
import urllib.request

from tap import check, done

scheduler, jupyter, worker = sys.argv[1:4]
token = open("/etc/dask/tls/jupyter-token").read().strip()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


def get(url, token=None, headers=False):
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with opener.open(request, timeout=20) as response:
            result = response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        result = exc.code, exc.read(), exc.headers
    except Exception as exc:
        result = None, str(exc).encode(), {}
    return result if headers else result[:2]


def expect(name, url, status, token=None):
    got, body = get(url, token)
    check(f"{name}: HTTP {status}", got == status, f"got {got}: {body[:200]!r}")


J = f"http://{jupyter}:8888"
expect("scheduler dashboard /health", f"http://{scheduler}:8787/health", 200)
expect("worker /health", f"http://{worker}:8790/health", 200)
expect("jupyter /api without token", f"{J}/api", 200)
expect("jupyter /api/contents with token", f"{J}/api/contents", 200, token)
expect("jupyter /api/contents without token", f"{J}/api/contents", 403)
expect("jupyter /api/contents with a wrong token", f"{J}/api/contents", 403, "not-the-token")
expect("jupyter /api/status with token", f"{J}/api/status", 200, token)
status, body = get(f"{J}/api/contents/examples", token)
check("examples copied into $HOME/examples on first start", status == 200 and b"sklearn_grid_search.ipynb" in body, (status, body[:200]))
proxied = f"{J}/proxy/{scheduler}:8787/health"
expect("dashboard through jupyter-server-proxy with token", proxied, 200, token)
# Without a token the proxy never answers with the dashboard: jupyter_server
# refuses with 403, or (its standard behaviour for GET on non-API pages such
# as /proxy/...) redirects to its login page.
status, body, headers = get(proxied, None, headers=True)
location = headers.get("Location", "") if headers else ""
check(
    "dashboard through jupyter-server-proxy without token: refused (403, or 302 to /login)",
    status == 403 or (status == 302 and location.startswith("/login")),
    f"got {status} {location} {body[:120]!r}",
)
print(f"#   without token: HTTP {status} {location}")
expect("dashboard /status through the proxy with token", f"{J}/proxy/{scheduler}:8787/status", 200, token)
expect("proxy to a host outside DASK_CDKTF_PROXY_HOSTS", f"{J}/proxy/{worker}:8790/health", 403, token)
done()
