"""Review: decisions, the append-only audit log, identities, through the
service and through HTTP, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from chronicle.service import review
from chronicle.service.browse import Browser, Paging
from chronicle.store import queries
from chronicle.store import review as review_store
from chronicle.store.review import AuditEntry
from tests.web.conftest import CSRF


def volk_case(store) -> dict:
    browser = Browser(store)
    volk = next(p for p in browser.entities("person", Paging(1, 50))["entities"] if p["name"] == "Irina Volk")
    return browser.entity(volk["entity_id"])


def test_users_are_stored_as_argon2_hashes(fiction):
    review.add_user(fiction, "rita", "a long enough password")
    stored = review_store.user_password_hash(fiction, "rita")
    assert stored.startswith("$argon2") and "a long enough password" not in stored
    assert review.authenticate(fiction, "rita", "a long enough password")
    assert not review.authenticate(fiction, "rita", "a long enough passwore")
    assert not review.authenticate(fiction, "nobody", "a long enough password")
    with pytest.raises(review.ReviewError):
        review.add_user(fiction, "rita", "another long password")
    with pytest.raises(review.ReviewError):
        review.add_user(fiction, "sam", "short")
    with pytest.raises(review.ReviewError):
        review.add_user(fiction, "bad name!", "a long enough password")


def test_audit_log_refuses_update_and_delete(fiction):
    review_store.append_audit(fiction, AuditEntry(author="rita", action="reject_event", target_kind="event",
                                                  target_key="k", value="rejected", reason="test"))
    for statement in ("UPDATE audit_log SET reason = 'changed'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with fiction.engine.begin() as connection:
                connection.execute(text(statement))
    with fiction.engine.connect() as connection:
        assert connection.execute(text("SELECT reason FROM audit_log")).scalar() == "test"


def test_event_decision_keeps_the_extraction_and_is_audited(fiction):
    case = volk_case(fiction)
    release = case["timeline"][1]
    event_id = int(release["url"].rsplit("/", 1)[1])
    review.review_event(fiction, event_id, "rejected", author="rita", reason="only a lawyer's forecast",
                        expected_key=release["key"])
    after = volk_case(fiction)["timeline"][1]
    assert after["review"]["decision"] == "rejected" and after["review"]["author"] == "rita"
    assert after["status"] == "expected" and after["sources"] == release["sources"]  # extraction untouched
    (entry,) = review_store.history(fiction, "event", release["key"])
    assert entry.reason == "only a lawyer's forecast" and entry.details["machine"]["status"] == "expected"
    with pytest.raises(review.ReviewError):
        review.review_event(fiction, event_id, "maybe", author="rita")
    with pytest.raises(review.StaleTarget):
        review.review_event(fiction, event_id, "accepted", author="rita", expected_key="sentence:m999:a1")


def test_conflict_resolution_picks_a_value_or_keeps_it_disputed(fiction):
    conflict = volk_case(fiction)["conflicts"][0]
    with pytest.raises(review.ReviewError):
        review.resolve_conflict(fiction, conflict["conflict_id"], "P11D", author="rita")
    review.resolve_conflict(fiction, conflict["conflict_id"], "P12D", author="rita", reason="court record",
                            expected_key=conflict["key"])
    assert volk_case(fiction)["conflicts"][0]["resolution"]["decision"] == "P12D"
    review.resolve_conflict(fiction, conflict["conflict_id"], None, author="tom", reason="records disagree")
    resolved = volk_case(fiction)["conflicts"][0]
    assert resolved["resolution"]["decision"] == "disputed" and resolved["resolution"]["author"] == "tom"
    assert {v["value"] for v in resolved["values"]} == {"P10D", "P12D"}  # both values and evidence stay
    assert [e.value for e in review_store.history(fiction, "conflict", conflict["key"])] == ["P12D", "disputed"]


def test_decisions_follow_events_when_the_record_is_recomputed(fiction):
    """Event and conflict row ids change on every rebuild; decisions are keyed stably."""
    case = volk_case(fiction)
    conflict = case["conflicts"][0]
    review.resolve_conflict(fiction, conflict["conflict_id"], "P10D", author="rita")
    detention = case["timeline"][0]
    review.review_event(fiction, int(detention["url"].rsplit("/", 1)[1]), "accepted", author="rita")
    res = fiction.resolution()
    # Rewrite the same record: every event gets a new row id.
    fiction.replace_resolution(list(res.identities.values()), [], list(reversed(list(res.events.values()))))
    again = volk_case(fiction)
    assert again["timeline"][0]["url"] != detention["url"]
    assert again["timeline"][0]["review"]["decision"] == "accepted"
    assert again["conflicts"][0]["resolution"]["decision"] == "P10D"


def test_merge_and_split_go_through_reviewer_judgements(fiction):
    people = {p.name: p for p in queries.entities_page(fiction, "person").items}
    volk, krol = people["Irina Volk"], people["Boris Krol"]
    review.merge_identities(fiction, volk.id, krol.id, author="rita", reason="same person, pen name")
    judgements = fiction.judgements(reviewers_only=True)
    assert judgements and all(j.author == "rita" and j.verdict == "same" for j in judgements)
    merged = [p for p in queries.entities_page(fiction, "person").items]
    assert len(merged) == 1, [p.name for p in merged]
    forms = queries.member_forms(fiction, merged[0].id)
    krol_forms = [f.doc_entity_id for f in forms if f.name == "Boris Krol"]
    review.split_identity(fiction, merged[0].id, krol_forms, author="rita", reason="no, two people")
    assert sorted(p.name for p in queries.entities_page(fiction, "person").items) == ["Boris Krol", "Irina Volk"]
    actions = [e.action for e in review_store.audit_page(fiction).items]
    assert actions[:2] == ["split_identity", "merge_identities"]
    with pytest.raises(review.ReviewError):
        review.split_identity(fiction, merged[0].id, [], author="rita")


def test_review_through_http_and_the_audit_page(reviewer):
    case = reviewer.get(next(p["url"] for p in reviewer.get("/people.json").json()["entities"]
                             if p["name"] == "Irina Volk") + ".json").json()
    conflict = case["conflicts"][0]
    page = reviewer.get(conflict["event_url"]).text
    token = CSRF.search(page).group(1)
    response = reviewer.post(f"/conflicts/{conflict['conflict_id']}/resolve", follow_redirects=False,
                             data={"csrf_token": token, "value": "P12D", "reason": "court record", "key": conflict["key"],
                                   "next": conflict["event_url"]})
    assert response.status_code == 303 and response.headers["location"] == conflict["event_url"]
    follow = reviewer.get(conflict["event_url"]).text
    assert "Reviewed: <strong>12 days</strong> by rita" in follow
    audit = reviewer.get("/audit.json").json()["entries"][0]
    assert (audit["author"], audit["action"], audit["value"], audit["reason"]) == ("rita", "resolve_conflict", "P12D", "court record")
    assert "court record" in reviewer.get("/audit").text
    stale = reviewer.post(f"/conflicts/{conflict['conflict_id']}/resolve",
                          data={"csrf_token": token, "value": "P12D", "key": "changed-key"})
    assert "changed since the page was loaded" in stale.text


def test_conflict_queue_filters_open_and_resolved(reviewer):
    assert reviewer.get("/conflicts.json?state=open").json()["pagination"]["total"] == 1
    conflict = reviewer.get("/conflicts.json").json()["conflicts"][0]
    token = CSRF.search(reviewer.get("/conflicts").text).group(1)
    reviewer.post(f"/conflicts/{conflict['conflict_id']}/resolve", data={"csrf_token": token, "value": "disputed"})
    assert reviewer.get("/conflicts.json?state=open").json()["conflicts"] == []
    resolved = reviewer.get("/conflicts.json?state=resolved").json()
    assert [c["id"] for c in resolved["conflicts"]] == [conflict["id"]]
    assert "open (the queue)" in reviewer.get("/conflicts?state=resolved").text
    assert reviewer.get("/conflicts.json?state=bogus").status_code == 422
