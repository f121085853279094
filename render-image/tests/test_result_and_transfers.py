"""The termination message always fits in 4096 bytes; transfers back off exponentially and never name the URL."""

from __future__ import annotations

import json

import pytest

from manimrender.result import to_json, workload_result
from manimrender.storage import TransferError, Transfers
from test_job import SIGNATURE, Storage


def test_long_message_and_many_repairs_are_shortened_to_fit():
    result = workload_result(
        "invalid_code", "x" * 5000, line=3, repairs=[f"repair {i} " + "y" * 80 for i in range(200)]
    )
    text = to_json(result)
    assert len(text.encode()) <= 4096
    parsed = json.loads(text)
    assert len(parsed["message"]) == 1000 and parsed["message"].endswith("…")
    assert 0 < len(parsed["repairs"]) < 200 and parsed["line"] == 3


def test_unknown_outcome_is_refused():
    with pytest.raises(ValueError):
        workload_result("maybe", "?")


def test_put_retries_server_errors_with_doubling_delays():
    storage = Storage()
    delays = []
    try:
        storage.fail["/video.mp4"] = [503, 502, 500]
        Transfers(sleep=delays.append).put(storage.url("/video.mp4"), "video", b"data", "video/mp4")
        assert delays == [0.5, 1.0, 2.0]
        assert storage.objects["/video.mp4"] == ("video/mp4", b"data")
    finally:
        storage.close()


def test_client_errors_are_not_retried_and_the_url_is_not_named():
    storage = Storage()
    delays = []
    try:
        storage.fail["/video.mp4"] = [403]
        with pytest.raises(TransferError) as failure:
            Transfers(sleep=delays.append).put(storage.url("/video.mp4"), "video", b"data", "video/mp4")
        assert str(failure.value) == "upload of the video failed: HTTP 403"
        assert delays == [] and SIGNATURE not in str(failure.value)
    finally:
        storage.close()


def test_an_object_another_pod_is_still_to_store_is_waited_for():
    storage = Storage()
    polls = []

    def sleep(seconds):  # the other pod stores its part while this one waits
        polls.append(seconds)
        if len(polls) == 2:
            storage.objects["/parts/part-0.json"] = ("application/json", b"{}")

    try:
        got = Transfers(sleep=sleep).get_once_stored(storage.url("/parts/part-0.json"), "part result", 100, 60)
        assert got == b"{}" and polls == [0.2, 0.2]
    finally:
        storage.close()


def test_an_object_not_stored_in_time_is_a_transfer_error_naming_no_url():
    storage = Storage()
    try:
        with pytest.raises(TransferError) as failure:
            Transfers().get_once_stored(storage.url("/parts/part-0.json"), "part result", 100, 0)
        assert str(failure.value) == "download of the part result failed: HTTP 404"
        assert failure.value.status == 404 and SIGNATURE not in str(failure.value)
    finally:
        storage.close()
