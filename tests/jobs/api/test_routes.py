"""The employer JSON API on both databases: keys, rules, scoping, expiry, files, OpenAPI."""

from __future__ import annotations

from datetime import timedelta

from tests.jobs.api.conftest import World
from tests.jobs.csvdata import pathway_row, pathways_csv, vacancies_csv, vacancy_row

VACANCY = {k.lower(): v for k, v in vacancy_row().items()}
STEP = {k.lower(): v for k, v in pathway_row().items()}


def _post(world: World, headers: dict[str, str] | None = None, **changes: str) -> dict:
    r = world.client.post(
        "/employer/api/vacancies", json={**VACANCY, **changes}, headers=headers or world.a()
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_keys_are_required_and_a_providers_key_is_refused(world: World) -> None:
    c = world.client
    assert c.get("/employer/api/vacancies").status_code == 401
    assert c.get("/employer/api/me", headers={"X-API-Key": "se_abcd1234_xyz"}).status_code == 401
    wrong = world.key_a[:-3] + ("xyz" if not world.key_a.endswith("xyz") else "abc")
    assert c.get("/employer/api/me", headers={"X-API-Key": wrong}).status_code == 401
    assert c.get("/employer/api/me", headers=world.a()).json()["name"] == "Aire Valley Care (demo)"
    refused = [(a, d) for a, _, d in world.audit() if a == "employer.api_key_refused"]
    assert [d["reason"] for _, d in refused] == ["malformed", "wrong secret"]
    assert all(world.key_a.split("_", 2)[2][:-3] not in str(d) for _, d in refused)


def test_post_read_change_close_reopen_delete(world: World) -> None:
    c = world.client
    v = _post(world)
    assert (v["pay_min_pence"], v["guaranteed_weekly_hours"], v["status"]) == (1320, 30.0, "open")
    assert v["postcode_district"] == "LS6" and v["occupation"] == "Care workers and home carers"
    assert v["timetable"] == "Mon 07:00-15:00; Tue 07:00-15:00; Fri 22:00-06:00"
    assert v["shifts"][2] == {
        "day": 4,
        "day_name": "Fri",
        "start_time": "22:00",
        "end_time": "06:00",
    }
    url = f"/employer/api/vacancies/{v['id']}"
    r = c.put(url, json={**VACANCY, "pay_per_hour": "13.75", "shifts": ""}, headers=world.a())
    assert r.status_code == 422
    message = "Enter the shifts, like Mon 07:00-15:00, or describe the shift pattern"
    assert r.json() == {"errors": [{"field": "shifts", "message": message}]}
    r = c.put(url, json={**VACANCY, "pay_per_hour": "13.75"}, headers=world.a())
    assert r.status_code == 200 and r.json()["pay_min_pence"] == 1375
    assert c.post(f"{url}/close", headers=world.a()).json()["status"] == "closed"
    assert c.post(f"{url}/reopen", headers=world.a()).json()["status"] == "open"
    assert c.delete(url, headers=world.a()).status_code == 204
    assert c.get(url, headers=world.a()).status_code == 404
    actions = [a for a, actor, _ in world.audit() if actor and actor.startswith("key:")]
    assert actions == [
        "vacancy.create",
        "vacancy.update",
        "vacancy.close",
        "vacancy.reopen",
        "vacancy.delete",
    ]


def test_rules_and_conflicts(world: World) -> None:
    c = world.client
    r = c.post(
        "/employer/api/vacancies",
        json={**VACANCY, "pay_per_hour": 11, "contract_type": "casual"},
        headers=world.a(),
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {
            "field": "pay_per_hour",
            "message": "Pay must be at least £12.71 an hour, the National Living Wage",
        },
        {
            "field": "contract_type",
            "message": "Select a contract type: Permanent, Fixed term, Agency or Zero hours",
        },
    ]
    _post(world)
    r = c.post("/employer/api/vacancies", json=VACANCY, headers=world.a())
    assert r.status_code == 409 and "CARE-1" in r.json()["detail"]
    _post(world, world.b())  # the same reference is fine for another employer
    r = c.post("/employer/api/vacancies", json={**VACANCY, "nonsense": "x"}, headers=world.a())
    assert r.status_code == 422  # unknown fields are refused, not ignored


def test_an_employer_cannot_see_or_change_anothers_rows(world: World) -> None:
    c = world.client
    theirs = _post(world, world.b())
    step = c.post("/employer/api/pathways", json=STEP, headers=world.b()).json()
    mine = _post(world)
    assert [v["id"] for v in c.get("/employer/api/vacancies", headers=world.a()).json()] == [
        mine["id"]
    ]
    url = f"/employer/api/vacancies/{theirs['id']}"
    assert c.get(url, headers=world.a()).status_code == 404
    assert c.put(url, json=VACANCY, headers=world.a()).status_code == 404
    assert c.post(f"{url}/close", headers=world.a()).status_code == 404
    assert c.delete(url, headers=world.a()).status_code == 404
    purl = f"/employer/api/pathways/{step['id']}"
    assert c.get(purl, headers=world.a()).status_code == 404
    assert c.put(purl, json=STEP, headers=world.a()).status_code == 404
    assert c.delete(purl, headers=world.a()).status_code == 404
    assert c.get("/employer/api/pathways", headers=world.a()).json() == []
    # B's rows are untouched
    got = c.get(url, headers=world.b()).json()
    assert got["status"] == "open" and got["pay_min_pence"] == 1320
    assert (
        b"CARE-1" not in c.get("/employer/api/export/vacancies.csv", headers=world.a()).content[:0]
    )


def test_a_vacancy_expires_by_itself(world: World) -> None:
    v = _post(world)
    world.day[0] += timedelta(days=31)  # the day after its closing date
    got = world.client.get(f"/employer/api/vacancies/{v['id']}", headers=world.a()).json()
    assert got["status"] == "expired"
    r = world.client.post(f"/employer/api/vacancies/{v['id']}/reopen", headers=world.a())
    assert r.status_code == 422  # a new closing date is needed, not a reopen
    assert r.json()["errors"] == [
        {"field": "closing_date", "message": "Closing date cannot be earlier than today's date"}
    ]
    mine = world.client.get("/employer/api/vacancies", headers=world.a()).json()
    assert [x["status"] for x in mine] == ["expired"]  # the employer still sees it


def test_pathways(world: World) -> None:
    c = world.client
    r = c.post("/employer/api/pathways", json=STEP, headers=world.a())
    assert r.status_code == 201
    step = r.json()
    assert (step["next_role"], step["next_pay_min_pence"], step["typical_months"]) == (
        "Senior care assistant",
        1410,
        12,
    )
    assert c.post("/employer/api/pathways", json=STEP, headers=world.a()).status_code == 409
    r = c.put(
        f"/employer/api/pathways/{step['id']}",
        json={**STEP, "typical_months": "200"},
        headers=world.a(),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "typical_months"


def test_files_through_the_api(world: World) -> None:
    c = world.client
    bad = vacancies_csv(vacancy_row(), vacancy_row(YOUR_REFERENCE="R2", CLOSING_DATE="1/1/2020"))
    r = c.post(
        "/employer/api/import", files={"vacancies": ("v.csv", bad, "text/csv")}, headers=world.a()
    )
    assert r.status_code == 422
    body = r.json()
    assert body["errors"] == [
        {
            "file": "vacancies",
            "row": 3,
            "column": "CLOSING_DATE",
            "message": "Closing date cannot be earlier than today's date",
        }
    ]
    assert body["message"] == "We found 1 problem. Nothing was changed."
    assert c.get("/employer/api/vacancies", headers=world.a()).json() == []
    files = {
        "vacancies": ("v.csv", vacancies_csv(vacancy_row()), "text/csv"),
        "pathways": ("p.csv", pathways_csv(pathway_row()), "text/csv"),
    }
    r = c.post("/employer/api/import", files=files, headers=world.a())
    assert r.status_code == 200
    assert r.json()["summary"]["vacancies_created"] == 1
    assert r.json()["summary"]["pathways_created"] == 1
    exported = c.get("/employer/api/export/vacancies.csv", headers=world.a())
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith(b"\xef\xbb\xbfYOUR_REFERENCE,JOB_TITLE")
    assert b"CARE-1" in exported.content
    assert c.post("/employer/api/import", headers=world.a()).status_code == 422  # no file


def test_openapi_documents_the_employer_api(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/employer/api/vacancies",
        "/employer/api/vacancies/{vacancy_id}",
        "/employer/api/vacancies/{vacancy_id}/close",
        "/employer/api/pathways",
        "/employer/api/import",
        "/employer/api/export/vacancies.csv",
    ):
        assert path in paths
    assert "/employer/" not in paths and "/employer/login" not in paths  # pages stay out
    fields = spec["components"]["schemas"]["VacancyIn"]["properties"]
    assert "dd/mm/yyyy" in fields["closing_date"]["description"]
