import ipaddress
import socket

import click

from ..errors import ConfigError, missing_extra
from .options import db_option


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_port(host: str, port: int) -> None:
    """Raise ConfigError, saying what to do, when the address cannot be bound."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host!r}: {exc.strerror}; pass --host with an address of this machine") from exc
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); "
                              "is another server running there? pass --port with another number") from exc


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address exposes the store to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db, host, port):
    """Explore the store in a browser: a graph page at / and a read-only JSON API under /api.

    The API is described by its OpenAPI schema at /api/openapi.json. The
    store is opened read-only; article text is shown as text, never as HTML.
    """
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ModuleNotFoundError as exc:
        raise missing_extra(exc.name or "fastapi", "serve") from exc
    from ..serve.app import LOOPBACK_HOSTS, create_app

    local = is_loopback(host)
    app = create_app(db, allowed_hosts=LOOPBACK_HOSTS if local else None)
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {db} read-only at http://{shown}:{port}/   API schema: /api/openapi.json   (Ctrl+C stops)")
    if not local:
        click.secho(f"warning: listening on {host}, so anyone who can reach this machine can read the store", fg="yellow", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
