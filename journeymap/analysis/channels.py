"""What a step's channel says: whether it reaches the customer, and what the customer needs to use it.

The channel is free text ("web", "SMS", "phone", "tablet at the table"). Its words are matched
against a few kinds, each a short list of the words workshops write:

- ``message``: the step sends something that lands with the customer (a text, an e-mail, a letter,
  a call). A backstage or support step with such a channel reaches customers although they do not
  take part in it: an automated reminder reaches the bereaved owner as well as the happy one.
- ``screen``: the customer reads and taps (web, app, kiosk, tablet, e-mail, text messages).
- ``smartphone``: it needs a smartphone (an app, a QR code, WhatsApp).
- ``internet``: it needs the internet (web, app, e-mail, chat).
- ``voice``: the customer listens and speaks (phone, phone menu, voice assistant).
- ``reading``: the customer has to read (anything on a screen or paper).
- ``self_service``: the customer does it alone with a machine (web, app, kiosk, phone menu).

Examples
--------
>>> sorted(channel_kinds("SMS reminder"))
['message', 'reading', 'screen']
>>> sorted(channel_kinds("phone menu (IVR)"))
['message', 'self_service', 'voice']
>>> channel_kinds(None), channel_kinds("in person")
(frozenset(), frozenset())
"""

from __future__ import annotations

import re

__all__ = ["CHANNEL_KINDS", "channel_kinds"]

_WEB = "web website online internet portal browser form"
_APP = "app apps smartphone qr whatsapp messenger push notification"
_MAIL = "email e-mail mail newsletter"
_TEXT = "sms text texts texting"
_CHAT = "chat chatbot bot livechat"
_KIOSK = "kiosk tablet touchscreen screen terminal self-checkout"
_VOICE = "phone telephone call calls ivr voicemail voice"
_MENU = "ivr menu"
_PAPER = "letter post leaflet"

#: Each kind of channel and the words that make a channel that kind.
CHANNEL_KINDS: dict[str, frozenset[str]] = {
    "message": frozenset(f"{_MAIL} {_TEXT} {_PAPER} {_VOICE} whatsapp push notification".split()),
    "screen": frozenset(f"{_WEB} {_APP} {_MAIL} {_TEXT} {_CHAT} {_KIOSK}".split()),
    "smartphone": frozenset(_APP.split()),
    "internet": frozenset(f"{_WEB} {_APP} {_MAIL} {_CHAT}".split()),
    "voice": frozenset(_VOICE.split()),
    "reading": frozenset(f"{_WEB} {_APP} {_MAIL} {_TEXT} {_CHAT} {_KIOSK} {_PAPER}".split()),
    "self_service": frozenset(f"{_WEB} {_APP} {_CHAT} {_KIOSK} {_MENU}".split()),
}

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def channel_kinds(channel: str | None) -> frozenset[str]:
    """The kinds of channel (see the module's list) that a channel's words name.

    Examples
    --------
    >>> sorted(channel_kinds("Online booking form"))
    ['internet', 'reading', 'screen', 'self_service']
    """
    if not channel:
        return frozenset()
    words = set(_WORD.findall(channel.lower()))
    return frozenset(kind for kind, kind_words in CHANNEL_KINDS.items() if words & kind_words)
