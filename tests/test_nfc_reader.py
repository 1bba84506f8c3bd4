"""The nfcpy reader against the card simulator over loopback UDP (nfcpy's own udp driver).

The simulator runs as a subprocess (as `hmskort nfc-sim` does in the field) or, where a test needs to
take the card off the reader, in a thread of this process: it only owns a UDP socket, so that is sound.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from sandbox.nfc_sim import CardSimulator, card_from_dump, reference_sim_card
from sandbox.reference_cards import BY_NUMBER, SANDBOX_CHIP_KEY
from scanner.nfc import ChipRead, ChipReaderLoop, DataError, ReaderState, ReaderUnavailable, read_one
from tests.procs import stop_group

ROOT = Path(__file__).resolve().parents[1]
DUMPS = Path(__file__).parent / "data" / "chip_dumps"
WAIT = 10.0  # upper bound for anything that should take a second or two


class SimProcess:
    """`python -m sandbox.nfc_sim` in its own session; stdout lines are collected by a thread."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox.nfc_sim", "--port", "0", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        first = self.next_line()
        assert first.startswith("ready udp:"), first
        self.path = first.split()[1]
        self.seen: list[str] = [first]

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float = WAIT) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise AssertionError(
                f"simulator said nothing in {timeout} s; stderr: {self.proc.stderr.read()}"
            ) from None

    def drain(self) -> list[str]:
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                return self.seen

    def stop(self) -> None:
        stop_group(self.proc, grace=5)


@pytest.fixture
def sim_process():
    started: list[SimProcess] = []

    def start(*args: str) -> SimProcess:
        sim = SimProcess(*args)
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_uid_alone_is_read_when_no_key_is_set(sim_process):
    sim = sim_process("--card", "10000001")
    read = read_one(sim.path, None, WAIT)
    assert read is not None
    assert (read.chip_code, read.uid_len, read.sak, read.atqa) == ("891FEEE6", 4, 0x18, 0x0002)
    assert read.data is None and read.data_error is None
    assert read.to_ref().chip_code == "891FEEE6" and read.to_ref().chip_data is None
    assert not any("auth" in line for line in sim.drain())  # no key: the reader never authenticates


def test_sectors_are_read_and_parsed_with_the_sandbox_key(sim_process):
    sim = sim_process("--card", "10000003")
    read = read_one(sim.path, SANDBOX_CHIP_KEY, WAIT)
    card = BY_NUMBER["10000003"]
    assert read is not None and read.data_error is None
    assert read.chip_code == card.chip_code
    assert read.data.card_number == "10000003"
    assert (read.data.first_names, read.data.last_name) == ("Jonas", "Eksempel")
    assert read.data.employer_name == "Fjellstøtt Entreprenør AS"
    assert read.data.valid_to == card.valid_to(date.today())
    assert read.to_ref().chip_data == read.data
    assert "Jonas" not in repr(read)  # names stay out of logs


def test_wrong_key_falls_back_to_the_uid_alone(sim_process):
    sim = sim_process("--card", "10000001", "--mode", "wrong-key")
    read = read_one(sim.path, SANDBOX_CHIP_KEY, WAIT)
    assert read is not None and read.chip_code == "891FEEE6"
    assert read.data is None and read.data_error == DataError.WRONG_KEY
    assert "event auth-refused sector 1" in sim.drain()


def test_card_removed_mid_read_is_not_handed_on_and_is_read_again(sim_process):
    sim = sim_process("--card", "10000001", "--mode", "remove-mid-read", "--return-after", "1.0")
    reads: list[ChipRead] = []
    loop = ChipReaderLoop(sim.path, SANDBOX_CHIP_KEY, reads.append, lambda *_: None, hold_off=0)
    loop.start()
    try:
        _wait_for(lambda: reads, "a read after the card came back")
    finally:
        loop.stop()
    events = sim.drain()
    assert any(e.startswith("event removed-mid-read") for e in events)
    assert events.count("event presented") == 2  # the half-read presentation and the one after
    assert len(reads) == 1 and reads[0].data is not None and reads[0].data.last_name == "Testmann"


def test_no_card_gives_no_read_within_the_timeout(sim_process):
    sim = sim_process("--card", "10000001", "--mode", "no-card")
    assert read_one(sim.path, SANDBOX_CHIP_KEY, 2.0) is None


def test_no_card_leaves_the_reader_ready_and_posts_nothing():
    states: list[ReaderState] = []
    reads: list[ChipRead] = []
    with CardSimulator(reference_sim_card("10000001"), mode="no-card") as sim:
        loop = ChipReaderLoop(sim.path, SANDBOX_CHIP_KEY, reads.append, lambda s, _k: states.append(s))
        loop.start()
        try:
            _wait_for(lambda: sim.missed_polls >= 2, "two polls of the empty reader")
        finally:
            loop.stop()
    assert states == [ReaderState.READY]
    assert reads == []


def test_same_card_is_posted_once_while_it_lies_on_the_reader_and_again_after_lifting():
    reads: list[ChipRead] = []
    with CardSimulator(reference_sim_card("10000007")) as sim:
        loop = ChipReaderLoop(sim.path, SANDBOX_CHIP_KEY, reads.append, lambda *_: None, hold_off=0)
        loop.start()
        try:
            _wait_for(lambda: reads, "the first read")
            polls = sim.polls
            _wait_for(lambda: sim.polls >= polls + 3, "three more polls of the card lying still")
            assert len(reads) == 1
            sim.lift()
            # A poll left unanswered makes the reader's sense come back empty: the card is gone.
            _wait_for(lambda: sim.missed_polls >= 1, "a poll of the empty reader")
            sim.put_back()
            _wait_for(lambda: len(reads) == 2, "the read after the card was put back")
        finally:
            loop.stop()
    assert [r.chip_code for r in reads] == ["0B279FFA", "0B279FFA"]


def test_seven_byte_uid_card_is_selected_over_two_cascade_levels():
    card = card_from_dump((DUMPS / "uid7_10000002.mfd").read_bytes())
    with CardSimulator(card) as sim:
        read = read_one(sim.path, SANDBOX_CHIP_KEY, WAIT)
    assert read is not None
    assert (read.chip_code, read.uid_len, read.atqa) == ("04A2B3C4D5E6F7", 7, 0x0042)
    assert read.data is not None and read.data.card_number == "10000002"


@pytest.mark.parametrize(
    ("dump", "error"), [("bad_crc.mfd", DataError.BAD_CRC), ("wrong_magic.mfd", DataError.BAD_MAGIC)]
)
def test_damaged_chip_data_over_the_air_falls_back_to_the_uid(dump, error):
    card = card_from_dump((DUMPS / dump).read_bytes())
    with CardSimulator(card) as sim:
        read = read_one(sim.path, SANDBOX_CHIP_KEY, WAIT)
    assert read is not None and read.uid_len == 4
    assert read.data is None and read.data_error == error


def test_bad_device_path_is_reported_with_its_fix_and_not_retried():
    with pytest.raises(ReaderUnavailable) as info:
        read_one("usb;072f", None, WAIT)
    assert (info.value.state, info.value.fix_key) == (ReaderState.ERROR, "nfc.fix.bad_path")


def test_absent_usb_reader_is_no_device():
    # No reader on this bus has this VID:PID, with or without hardware attached.
    with pytest.raises(ReaderUnavailable) as info:
        read_one("usb:ffff:fffe", None, WAIT)
    assert (info.value.state, info.value.fix_key) == (ReaderState.NO_DEVICE, "nfc.fix.no_device")
