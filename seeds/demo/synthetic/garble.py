"""How a post's text changes between the platform and the report.

Reporters copy text by hand, paste it with the emoji stripped, or type it from a screenshot
read by OCR; each path leaves its own kind of damage, and text matching has to survive it.
"""

from __future__ import annotations

import random
import re

from seeds.demo.synthetic.params import Noise

_OCR_SLIPS = (("rn", "m"), ("m", "rn"), ("l", "1"), ("1", "l"), ("O", "0"), ("0", "O"),
              ("cl", "d"), ("d", "cl"), ("I", "l"), ("e", "c"), ("S", "5"))
_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"
_HASHTAG = re.compile(r"\s*#\w+")
_NOT_EMOJI = re.compile(r"[^\u0000-\u2BFF]+")


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    if kind == 1:
        return text[:at] + text[at + 1:]
    if kind == 2:
        return text[:at] + text[at] + text[at:]
    return text[:at] + rng.choice(_KEYBOARD) + text[at + 1:]


def _ocr(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        wrong, right = rng.choice(_OCR_SLIPS)
        at = text.find(wrong, rng.randrange(len(text)) if text else 0)
        if at >= 0:
            text = text[:at] + right + text[at + len(wrong):]
    if rng.random() < 0.4:
        spaces = [i for i, c in enumerate(text) if c == " "]
        if spaces:
            at = rng.choice(spaces)
            text = text[:at] + text[at + 1:]
    return text


def _reorder(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) < 4:
        return text
    at = rng.randrange(len(words) - 1)
    words[at], words[at + 1] = words[at + 1], words[at]
    return " ".join(words)


def _truncate(text: str, rng: random.Random) -> str:
    if len(text) < 30:
        return text
    cut = rng.randrange(len(text) * 2 // 5, len(text) - 5)
    return text[:cut].rstrip() + rng.choice(("...", "…", "", " ..."))


def recase(text: str, rng: random.Random) -> str:
    """All lower, all upper, or a capital first: how case goes wrong when people retype."""
    return rng.choice((text.lower(), text.upper(), text.capitalize()))


def copied_text(text: str, screenshot: bool, noise: Noise, rng: random.Random) -> str:
    """The post as a reporter gives it; `screenshot` means it was read off an image."""
    if rng.random() < noise.drop_emoji:
        text = _NOT_EMOJI.sub("", text)
    if rng.random() < noise.drop_hashtags:
        text = _HASHTAG.sub("", text)
    text = " ".join(text.split())
    if screenshot and rng.random() < noise.ocr:
        text = _ocr(text, rng)
    if rng.random() < noise.typo:
        for _ in range(rng.randint(1, 3)):
            text = _typo(text, rng)
    if rng.random() < noise.reorder_words:
        text = _reorder(text, rng)
    if rng.random() < noise.case_change:
        text = recase(text, rng)
    if rng.random() < noise.truncate:
        text = _truncate(text, rng)
    return text.strip() or text


def typed_handle(handle: str, noise: Noise, rng: random.Random) -> str:
    """A handle as a reporter types it: an `@` or not, odd case, the odd slip."""
    if rng.random() < noise.handle_typed_case:
        handle = recase(handle, rng)
    if rng.random() < noise.handle_typo:
        handle = _typo(handle, rng)
    if rng.random() < noise.handle_at_sign:
        handle = "@" + handle
    return handle
