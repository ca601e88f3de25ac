# The SMTP server TestSmtpServer starts: Debian's aiosmtpd on a loopback port, keeping every message it takes in a
# Maildir, with an X-Envelope-To line naming the envelope's recipients and an X-Session line naming the connection
# (the client's address and port) put in front. A recipient whose local part
# starts with "reject-" is refused for good (550), one starting with "later-" for now (451), one starting with
# "silent-" makes the server wait without answering. With FLEET_SMTP_LOGIN and FLEET_SMTP_PASSWORD in its environment
# it takes mail only after a sign-in with them (AUTH PLAIN or LOGIN, without TLS: loopback only). It prints "ready" once
# it accepts connections and stops when its standard input closes.
import asyncio
import mailbox
import os
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Receiver:
    def __init__(self, maildir):
        self.box = mailbox.Maildir(maildir, create=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject-"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("later-"):
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("silent-"):
            await asyncio.sleep(3600)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        recipients = ", ".join(envelope.rcpt_tos)
        peer = "%s:%s" % tuple(session.peer[:2])
        self.box.add(b"X-Envelope-To: " + recipients.encode("utf-8") + b"\r\nX-Session: " + peer.encode("ascii") + b"\r\n"
                     + envelope.original_content)
        return "250 2.0.0 Ok: queued as fleet-test"


def authenticator(login, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == login and auth_data.password == password
        return AuthResult(success=ok, handled=False)
    return check


def main():
    host, port, maildir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    options = {}
    if os.environ.get("FLEET_SMTP_LOGIN"):
        options = dict(
            authenticator=authenticator(os.environ["FLEET_SMTP_LOGIN"].encode(), os.environ["FLEET_SMTP_PASSWORD"].encode()),
            auth_required=True,
            auth_require_tls=False,
        )
    controller = Controller(Receiver(maildir), hostname=host, port=port, enable_SMTPUTF8=True, **options)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
