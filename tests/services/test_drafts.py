"""Autosaved drafts: exact round trip, atomic replace, per account and form."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekinerja_tutor.services.drafts import DraftStore


def test_round_trip_and_discard(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("ani", "daily-entry:new", {"kegiatan": "Rapat [Bidang] [@click=app.quit]x[/]"})
    assert store.load("ani", "daily-entry:new") == {
        "kegiatan": "Rapat [Bidang] [@click=app.quit]x[/]"
    }
    assert store.load("budi", "daily-entry:new") is None
    assert store.forms("ani") == ["daily-entry:new"]
    store.discard("ani", "daily-entry:new")
    assert store.load("ani", "daily-entry:new") is None


def test_no_temporary_files_left(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    for i in range(5):
        store.save("ani", "f", {"n": i})
    folder = store._path("ani", "f").parent
    assert [p.name for p in folder.iterdir()] == [store._path("ani", "f").name]
    assert store.load("ani", "f") == {"n": 4}


def test_unreadable_draft_is_treated_as_absent(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("ani", "f", {"a": 1})
    store._path("ani", "f").write_text("{not json")
    assert store.load("ani", "f") is None


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(account=st.text(min_size=1, max_size=30), text=st.text(max_size=300))
def test_any_text_round_trips(tmp_path: Path, account: str, text: str) -> None:
    store = DraftStore(tmp_path)
    store.save(account, "form/../x", {"t": text})
    assert store.load(account, "form/../x") == {"t": text}


def test_similar_names_do_not_collide(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("a/b", "f", {"who": 1})
    store.save("a_b", "f", {"who": 2})
    assert store.load("a/b", "f") == {"who": 1}
    assert store.load("a_b", "f") == {"who": 2}
