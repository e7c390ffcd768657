"""The layer as a new front end uses it: a small front end built only from web_security pieces
(the way jobs/api adds CurrentEmployer), against a real database, through FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import WebSession
from web_security import csrf, principals
from web_security.cookies import CookieSpec
from web_security.csrf import CheckedForm, CsrfFailed
from web_security.database import DbSession
from web_security.front import FrontEnd, NotFound
from web_security.ids import PathId, QueryId
from web_security.principals import NotSignedIn, current_principal

SECRET = "a-test-secret-" + "x" * 32
# What the principal is bound to (like a password hash); tests change it to end sign-ins.
BINDINGS = {"ann": "one", "bo": "one"}


def load_member(db: Session, subject: str) -> str | None:
    return subject if subject in BINDINGS else None


CurrentMember = Annotated[
    str, Depends(current_principal("member", load_member, bind=lambda m: BINDINGS[m]))
]


# --- this front end's answers to the layer's refusals --------------------------------------------
def _signed_out(request: Request, exc: NotSignedIn) -> Response:
    return JSONResponse({"detail": f"sign in as a {exc.kind}"}, status_code=401)


def _expired(request: Request, exc: CsrfFailed) -> Response:
    return JSONResponse({"detail": "form expired", "kept": exc.form.get("note")}, 403)


def _missing(request: Request, exc: NotFound) -> Response:
    return JSONResponse({"detail": "no such thing", "who": exc.principal}, status_code=404)


def _app(session_factory: sessionmaker[Session], *, secure: bool = False) -> FastAPI:
    front = FrontEnd(
        kind="member",
        session_factory=session_factory,
        cookie=CookieSpec(
            name="member_session", secret=SECRET, secure=secure, max_age=3600, path="/members"
        ),  # fmt: skip
        responders={NotSignedIn: _signed_out, CsrfFailed: _expired, NotFound: _missing},
    )
    router = front.router(prefix="/members")

    @router.get("/login")
    def form(request: Request) -> PlainTextResponse:
        return PlainTextResponse(csrf.token(request))

    @router.post("/login")
    def login(request: Request, form: CheckedForm, db: DbSession) -> PlainTextResponse:
        member = form.get("name", "")
        if load_member(db, member) is None:
            return PlainTextResponse("no", status_code=401)
        principals.sign_in(request, db, member, bind=BINDINGS[member])
        db.commit()
        return PlainTextResponse(csrf.token(request))

    @router.post("/logout")
    def logout(request: Request, form: CheckedForm, db: DbSession) -> PlainTextResponse:
        principals.sign_out(request, db)
        db.commit()
        return PlainTextResponse("bye")

    @router.get("/me")
    def me(member: CurrentMember) -> dict[str, str]:
        return {"member": member}

    @router.post("/notes")
    def note(form: CheckedForm, member: CurrentMember) -> dict[str, str]:
        return {"saved": form.get("note", "")}

    @router.get("/things/{thing_id}")
    def thing(thing_id: PathId, member: CurrentMember) -> dict[str, int]:
        if thing_id % 2:
            raise NotFound(member)  # odd things belong to someone else
        return {"thing": thing_id}

    @router.get("/search")
    def search(member: CurrentMember, owner: QueryId | None = None) -> dict[str, int | None]:
        return {"owner": owner}

    app = FastAPI()
    app.include_router(router)
    return app


@pytest.fixture
def app(session_factory: sessionmaker[Session]) -> Iterator[FastAPI]:
    BINDINGS.update(ann="one", bo="one")
    yield _app(session_factory)


def _sign_in(client: TestClient, name: str = "ann") -> str:
    token = client.get("/members/login").text
    r = client.post("/members/login", data={"name": name, "csrf_token": token})
    assert r.status_code == 200, r.text
    return r.text  # the new token


def test_sign_in_is_a_server_side_row_and_sign_out_ends_copies_too(
    app: FastAPI, session_factory: sessionmaker[Session]
) -> None:
    client = TestClient(app)
    assert client.get("/members/me").json() == {"detail": "sign in as a member"}
    token = _sign_in(client)
    assert client.get("/members/me").json() == {"member": "ann"}
    with session_factory() as s:
        rows = s.scalars(select(WebSession)).all()
        assert [(r.kind, r.subject) for r in rows] == [("member", "ann")]
    copied = TestClient(app, cookies=dict(client.cookies))
    assert copied.get("/members/me").status_code == 200
    assert client.post("/members/logout", data={"csrf_token": token}).text == "bye"
    assert copied.get("/members/me").status_code == 401  # the row is gone: the copy is nobody
    with session_factory() as s:
        assert s.scalars(select(WebSession)).all() == []


def test_every_post_needs_this_browsers_token_the_login_too(app: FastAPI) -> None:
    client, stranger = TestClient(app), TestClient(app)
    # login CSRF: no token, or the attacker's own token, does not sign this browser in
    assert client.post("/members/login", data={"name": "ann"}).status_code == 403
    theirs = stranger.get("/members/login").text
    client.get("/members/login")
    r = client.post("/members/login", data={"name": "ann", "csrf_token": theirs})
    assert r.status_code == 403
    assert client.get("/members/me").status_code == 401
    before = client.get("/members/login").text
    after = _sign_in(client)
    assert after != before  # a new token at sign-in: one seen before it is worth nothing
    refused = client.post("/members/notes", data={"note": "keep me", "csrf_token": before})
    assert refused.status_code == 403 and refused.json()["kept"] == "keep me"
    ok = client.post("/members/notes", data={"note": "keep me", "csrf_token": after})
    assert ok.json() == {"saved": "keep me"}


def test_a_changed_binding_ends_the_sign_in(app: FastAPI) -> None:
    ann, bo = TestClient(app), TestClient(app)
    _sign_in(ann, "ann")
    _sign_in(bo, "bo")
    BINDINGS["ann"] = "two"  # e.g. a new password
    assert ann.get("/members/me").status_code == 401
    assert bo.get("/members/me").json() == {"member": "bo"}


@pytest.mark.parametrize(
    "raw", ["0", "-1", "2147483648", "99999999999999999999999", "abc", "1.5", "1e3"]
)
def test_a_path_id_outside_1_to_2_31_is_not_found(app: FastAPI, raw: str) -> None:
    client = TestClient(app)
    _sign_in(client)
    r = client.get(f"/members/things/{raw}")
    assert r.status_code == 404 and r.json() == {"detail": "no such thing", "who": None}


def test_path_ids_in_range_reach_the_route_and_its_own_not_found(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.get("/members/things/abc").status_code == 401  # who first, then what
    _sign_in(client)
    assert client.get("/members/things/2147483646").json() == {"thing": 2147483646}
    odd = client.get("/members/things/2147483647")
    assert odd.status_code == 404 and odd.json()["who"] == "ann"


def test_a_query_id_is_bounded_too(app: FastAPI) -> None:
    client = TestClient(app)
    _sign_in(client)
    assert client.get("/members/search?owner=7").json() == {"owner": 7}
    for raw in ("0", "2147483648", "x"):
        r = client.get(f"/members/search?owner={raw}")
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "owner"]
    schema = app.openapi()["paths"]["/members/things/{thing_id}"]["get"]["parameters"][0]
    assert schema["schema"]["minimum"] == 1 and schema["schema"]["maximum"] == 2**31 - 1


def test_the_cookie_is_signed_httponly_lax_and_limited_to_the_front_end(
    session_factory: sessionmaker[Session],
) -> None:
    client = TestClient(_app(session_factory))
    client.get("/members/login")
    r = client.post("/members/login", data={"name": "ann", "csrf_token": "x"})
    cookie = r.headers["set-cookie"].lower()
    assert "member_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "path=/members" in cookie and "secure" not in cookie
    secure = TestClient(_app(session_factory, secure=True))
    assert "secure" in secure.get("/members/login").headers["set-cookie"].lower()
    forged = TestClient(_app(session_factory))
    forged.cookies.set("member_session", "eyJzaWQiOiAieCJ9.forged.sig")
    assert forged.get("/members/me").status_code == 401


def test_a_route_outside_a_front_end_cannot_use_the_dependencies() -> None:
    app = FastAPI()

    @app.get("/x")
    def x(db: DbSession) -> dict[str, str]:  # pragma: no cover - never reached
        return {}

    with pytest.raises(RuntimeError, match="not on a web_security FrontEnd router"):
        TestClient(app).get("/x")
