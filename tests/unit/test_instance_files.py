"""The instance folder: one secret key however many processes start at once, and every file
the app creates there readable by its own user only."""

import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from config import instance_secret
from models import db
from services import mail
from tests.conftest import ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_threads_starting_at_once_on_a_fresh_folder_all_read_the_same_full_key(tmp_path):
    racers, keys, errors = 16, [], []
    barrier = threading.Barrier(racers)

    def start() -> None:
        barrier.wait()
        try:
            keys.append(instance_secret(str(tmp_path)))
        except Exception as error:  # any failure at all is what this test looks for
            errors.append(repr(error))

    threads = [threading.Thread(target=start) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(keys) == racers and len(set(keys)) == 1
    assert len(keys[0]) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"], "no temporary file is left"


# Each process waits for the same moment, then reads (or makes) the key of each of the
# folders in turn, so the processes race each other on many fresh folders, one line each.
RACE = """
import sys, time
from pathlib import Path
from config import instance_secret
start, folders = float(sys.argv[2]), int(sys.argv[3])
while time.time() < start:
    pass
for n in range(folders):
    folder = Path(sys.argv[1]) / str(n)
    folder.mkdir(exist_ok=True)
    print(instance_secret(str(folder)), flush=True)
"""
FOLDERS = 200


def test_server_processes_starting_at_once_share_one_key(tmp_path):
    start = time.time() + 1.5  # time enough for every interpreter to be up and waiting
    racers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", RACE, str(tmp_path), str(start), str(FOLDERS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [racer.communicate(timeout=120) for racer in racers]
    assert [err.strip().splitlines()[-1] for _out, err in results if err] == []
    per_process = [out.split() for out, _err in results]
    for n in range(FOLDERS):
        keys = {keys[n] for keys in per_process}
        assert len(keys) == 1, f"folder {n}: the processes read different keys {keys}"
        assert len(keys.pop()) == 64
    assert {mode(tmp_path / str(n) / "secret_key") for n in range(FOLDERS)} == {0o600}


def test_the_database_outbox_and_key_are_private_to_the_apps_user(isolated):
    instance, make = isolated
    app = make()
    with app.app_context():
        db.create_all()
        mail.send("reader@example.com", "Please confirm", "verify", url="https://x", days=7)
        db.session.remove()
    outbox = instance / "outbox"
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    database_files = list(instance.glob("plainly.sqlite3*"))  # with its -wal and -shm
    assert len(database_files) >= 1 and {mode(p) for p in database_files} == {0o600}
    assert mode(outbox) == 0o700
    messages = list(outbox.glob("*.eml"))
    assert len(messages) == 1 and mode(messages[0]) == 0o600


def test_files_created_later_under_the_instance_folder_are_private_too(isolated):
    instance, make = isolated
    make()
    later = instance / "exports" / "reader.json"
    later.parent.mkdir()
    later.write_text("{}")
    assert (mode(later.parent), mode(later)) == (0o700, 0o600)


def test_an_instance_folder_open_to_others_is_closed_on_start(isolated):
    instance, make = isolated
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    make()
    assert mode(instance) == 0o700
