"""NFC card simulator: answers as a reference card on the card side of nfcpy's udp driver.

A reader opened with nfcpy on `udp:127.0.0.1:PORT` sends one datagram per frame, `b"106A <hex>"`, and
`b"RFOFF"` when it switches its field off (nfcpy does that before every new sense). This process
answers like a Mifare Classic 4K lying on the reader: ATQA, anticollision and select as nfcpy's own
`udp` listen code builds them (BCC, cascade tag 88 for 7-byte UIDs, SAK 0x18), then Mifare frames.

Crypto1 is not simulated. The sandbox's stand-in (docs/NFC.md): auth `60|61 block key6 uid4` in the
clear, answered ACK `0A` when the key and UID fit the block's sector (the sector is then open for
`30 block` reads) and NAK `04` otherwise, after which the card stays silent until the next field-off
or wake-up, as a real card halts after a failed authentication.

nfcpy's own listen mode is not used for the card side: it closes and re-binds its socket between
activations, so a reader's immediate re-sense is lost and a card lying still looks lifted.

Modes: ok; wrong-key (sectors locked with another key A); remove-mid-read (on the first
presentation the card leaves after a few block reads and comes back `return_after` seconds later);
no-card (nothing answers). Events go to stdout, one line each, without personal data.
"""

from __future__ import annotations

import argparse
import operator
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import reduce

from app.chip import geometry, hmssbx
from app.model import ChipData
from sandbox.reference_cards import BY_NUMBER, SANDBOX_CHIP_KEY, ReferenceCard

MODES = ("ok", "wrong-key", "remove-mid-read", "no-card")
#: The key A of every sector in wrong-key mode (NXP's MAD key: a real, well-known, different key).
OTHER_KEY = bytes.fromhex("A0A1A2A3A4A5")
#: Key B is never handed to readers in the sandbox.
SANDBOX_KEY_B = bytes.fromhex("B0B1B2B3B4B5")
SAK_4K = 0x18
NAK = bytes((geometry.NAK,))
ACK = bytes((geometry.ACK,))


@dataclass(frozen=True, slots=True)
class SimCard:
    """A Mifare Classic 4K as the simulator holds it: UID, SAK, ATQA (on-air order) and 256 blocks."""

    uid: bytes
    sak: int
    sens_res: bytes
    blocks: tuple[bytes, ...]
    key_a: bytes
    key_b: bytes = SANDBOX_KEY_B


def chip_data_for(card: ReferenceCard, today: date) -> ChipData:
    """What a reference card's chip holds in the HMSSBX layout, with dates relative to `today`."""
    return ChipData(
        card_number=card.card_number,
        last_name=card.last_name,
        first_names=card.first_name,
        employer_org_number=card.org_number,
        employer_name=card.employer_name,
        valid_from=card.valid_from(today),
        valid_to=card.valid_to(today),
        category=card.category,
        marker=hmssbx.MARKER_TEXT,
    )


def sens_res_for(uid: bytes) -> bytes:
    """ATQA of a Classic 4K (0x0002), with the UID-size bits for a 7-byte UID (0x0042), on-air order."""
    return bytes((0x42 if len(uid) == 7 else 0x02, 0x00))


def build_image(uid: bytes, area: bytes, *, key_a: bytes, key_b: bytes = SANDBOX_KEY_B) -> tuple[bytes, ...]:
    """The 256 blocks of a 4K holding `area` in its data blocks, with manufacturer block and trailers."""
    kind = geometry.CardKind.CLASSIC_4K
    blocks = [bytes(16)] * kind.blocks
    sens_res = sens_res_for(uid)
    if len(uid) == 4:
        maker = uid + bytes((reduce(operator.xor, uid), SAK_4K)) + sens_res
    else:
        maker = uid + bytes((SAK_4K,)) + sens_res
    blocks[0] = (maker + b"HMSSBX-SIM")[:16].ljust(16, b"\0")
    data_blocks = geometry.data_blocks(kind)
    if len(area) > len(data_blocks) * 16:
        raise ValueError(f"{len(area)} bytes do not fit a 4K's data area")
    padded = area.ljust(-(-len(area) // 16) * 16, b"\0")
    for i in range(0, len(padded), 16):
        blocks[data_blocks[i // 16]] = padded[i : i + 16]
    for sector in range(kind.sectors):
        blocks[geometry.trailer_of(sector)] = geometry.trailer(key_a, key_b)
    return tuple(blocks)


def reference_sim_card(card_number: str, *, today: date | None = None, mode: str = "ok") -> SimCard:
    """The simulated chip of a reference card (contract §5), HMSSBX data behind the sandbox key."""
    card = BY_NUMBER[card_number]
    uid = bytes.fromhex(card.chip_code)
    key_a = OTHER_KEY if mode == "wrong-key" else SANDBOX_CHIP_KEY
    area = hmssbx.encode(chip_data_for(card, today or date.today()))
    return SimCard(uid, SAK_4K, sens_res_for(uid), build_image(uid, area, key_a=key_a), key_a)


def card_from_dump(dump: bytes, uid: bytes | None = None) -> SimCard:
    """A SimCard from a 4096-byte .mfd dump; the UID comes from block 0 unless given."""
    if len(dump) != 4096:
        raise ValueError(f"a Mifare Classic 4K dump has 4096 bytes, this one {len(dump)}")
    blocks = tuple(dump[i : i + 16] for i in range(0, 4096, 16))
    if uid is None:
        b0 = blocks[0]
        uid = b0[:4] if b0[4] == reduce(operator.xor, b0[:4]) else b0[:7]
    trailer = blocks[geometry.trailer_of(1)]
    return SimCard(uid, SAK_4K, sens_res_for(uid), blocks, trailer[:6], trailer[10:16])


def _has_service_name(port: int) -> bool:
    try:
        socket.getservbyport(port, "udp")
    except OSError:
        return False
    return True


def bind_udp(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A UDP socket bound to `port`, or with port 0 to a free port that has no service name.

    Why: nfcpy's udp driver turns the port into a service name with getnameinfo() and then calls int()
    on it, so a port listed in /etc/services (9 "discard", but also some high ones) breaks the reader.
    """
    for _ in range(64):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((host, port))
        if port or not _has_service_name(sock.getsockname()[1]):
            return sock
        sock.close()
    raise OSError("no free UDP port without a service name")


class CardSimulator:
    """The card side of nfcpy's udp driver, on a loopback UDP port, in a thread or in the foreground."""

    def __init__(
        self,
        card: SimCard,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        mode: str = "ok",
        remove_after_reads: int = 2,
        return_after: float = 1.5,
        emit: Callable[[str], None] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.card = card
        self.mode = mode
        self._remove_after = remove_after_reads
        self._return_after = return_after
        self._emit = emit or (lambda line: None)
        self._sock = bind_udp(host, port)
        self.host, self.port = self._sock.getsockname()[:2]
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reset()
        self._gone_until = 0.0
        self._removed_once = False
        self._announced = False
        self._reads = 0
        self._lifted = False
        self.polls = 0  # REQA/WUPA frames answered: how often a reader looked at this card
        self.missed_polls = 0  # REQA/WUPA frames left unanswered while the card was off the reader
        self.events: list[str] = []

    @property
    def path(self) -> str:
        """The nfcpy device path a reader uses to reach this card."""
        return f"udp:{self.host}:{self.port}"

    # --- running ----------------------------------------------------------------------------------

    def start(self) -> CardSimulator:
        self._thread = threading.Thread(target=self.serve, name="nfc-sim", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
        self._sock.close()

    def __enter__(self) -> CardSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def lift(self) -> None:
        """Take the card off the reader (it answers nothing until `put_back`)."""
        self._lifted = True
        self._announced = False
        self._reset()

    def put_back(self) -> None:
        self._lifted = False

    def serve(self) -> None:
        """Answer frames until stopped."""
        while not self._stop.is_set():
            if not select.select([self._sock], [], [], 0.1)[0]:
                continue
            try:
                datagram, addr = self._sock.recvfrom(1024)
            except OSError:
                continue
            answer = self.handle(datagram)
            if answer is not None:
                self._sock.sendto(b"106A " + answer.hex().encode(), addr)

    # --- the card -----------------------------------------------------------------------------------

    def _reset(self) -> None:
        self._state = "idle"  # idle → ready (after REQA/WUPA) → active (selected) / halt
        self._auth_sector: int | None = None

    def _event(self, text: str) -> None:
        self.events.append(text)
        self._emit(f"event {text}")

    def handle(self, datagram: bytes) -> bytes | None:
        """The card's answer to one datagram, or None for silence."""
        if datagram.startswith(b"RFOFF"):
            self._reset()
            return None
        try:
            brty, hexdata = datagram.split()
            frame = bytes.fromhex(hexdata.decode("ascii"))
        except ValueError:
            return None
        if brty != b"106A" or not frame:
            return None
        if self.mode == "no-card" or self._lifted or time.monotonic() < self._gone_until:
            if frame in (b"\x26", b"\x52"):
                self.missed_polls += 1
            return None
        return self._frame(frame)

    def _frame(self, frame: bytes) -> bytes | None:
        uid = self.card.uid
        cl1 = uid if len(uid) == 4 else b"\x88" + uid[:3]
        cl1 = cl1 + bytes((reduce(operator.xor, cl1),))
        cl2 = uid[3:7] + bytes((reduce(operator.xor, uid[3:7]),)) if len(uid) == 7 else None
        if frame in (b"\x26", b"\x52"):  # REQA / WUPA (a halted card only wakes up for WUPA)
            if self._state == "halt" and frame == b"\x26":
                return None
            self._reset()
            self._state = "ready"
            self.polls += 1
            if not self._announced:  # once per presentation, not on every poll of a card lying still
                self._announced = True
                self._event("presented")
            return self.card.sens_res
        if self._state == "ready":
            if frame == b"\x93\x20":
                return cl1
            if frame == b"\x93\x70" + cl1:
                if cl2 is None:
                    self._state = "active"
                    return bytes((self.card.sak,))
                return bytes((self.card.sak | 0x04,))  # cascade bit: the UID goes on
            if cl2 is not None and frame == b"\x95\x20":
                return cl2
            if cl2 is not None and frame == b"\x95\x70" + cl2:
                self._state = "active"
                return bytes((self.card.sak,))
            return None
        if self._state != "active":
            return None
        return self._command(frame)

    def _command(self, frame: bytes) -> bytes | None:
        cmd = frame[0]
        if cmd in (geometry.AUTH_KEY_A, geometry.AUTH_KEY_B) and len(frame) == 12:
            block, key, uid4 = frame[1], frame[2:8], frame[8:12]
            want = self.card.key_a if cmd == geometry.AUTH_KEY_A else self.card.key_b
            if block < len(self.card.blocks) and key == want and uid4 == self.card.uid[-4:]:
                self._auth_sector = geometry.sector_of(block)
                self._event(f"auth-ok sector {self._auth_sector}")
                return ACK
            self._event(f"auth-refused sector {geometry.sector_of(block) if block < 256 else block}")
            self._state = "halt"
            return NAK
        if cmd == geometry.READ and len(frame) == 2:
            block = frame[1]
            if block >= len(self.card.blocks) or geometry.sector_of(block) != self._auth_sector:
                return NAK
            self._reads += 1
            if self.mode == "remove-mid-read" and not self._removed_once and self._reads > self._remove_after:
                self._removed_once = True
                self._gone_until = time.monotonic() + self._return_after
                self._reset()
                self._announced = False
                self._event(f"removed-mid-read at block {block}")
                return None
            return self.card.blocks[block]
        if frame[:2] == b"\x50\x00":  # HLTA
            self._state = "halt"
            return None
        return None


def main(argv: list[str] | None = None) -> int:
    """`hmskort nfc-sim`: run a simulated card in the foreground until interrupted."""
    parser = argparse.ArgumentParser(prog="hmskort nfc-sim", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--card", default="10000001", help="reference card number (contract §5)")
    parser.add_argument("--dump", help="serve a 4096-byte .mfd dump instead of a reference card")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=54321, help="UDP port (0: pick a free one)")
    parser.add_argument("--mode", choices=MODES, default="ok")
    parser.add_argument("--return-after", type=float, default=1.5, help="remove-mid-read: seconds gone")


def run(args: argparse.Namespace) -> int:
    """Build the card from parsed arguments and serve it; prints `ready udp:HOST:PORT` first."""
    if args.dump:
        try:
            with open(args.dump, "rb") as fh:
                card = card_from_dump(fh.read())
        except (OSError, ValueError) as exc:
            print(f"nfc-sim: cannot use dump {args.dump}: {exc}", file=sys.stderr)
            return 2
    elif args.card not in BY_NUMBER:
        known = ", ".join(sorted(BY_NUMBER))
        print(f"nfc-sim: {args.card} is not a reference card (one of {known})", file=sys.stderr)
        return 2
    else:
        card = reference_sim_card(args.card, mode=args.mode)

    def emit(line: str) -> None:
        print(line, flush=True)

    try:
        sim = CardSimulator(
            card, host=args.host, port=args.port, mode=args.mode, return_after=args.return_after, emit=emit
        )
    except OSError as exc:
        print(f"nfc-sim: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    emit(f"ready {sim.path} uid={card.uid.hex().upper()} mode={args.mode}")
    try:
        sim.serve()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
