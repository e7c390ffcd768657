"""Seed a city-sized PostgreSQL database for the scale benchmarks: 50,000 workers with months
of history, in a few minutes.

    .venv/bin/python -m benchmarks.city_seed                       # 50,000 workers
    .venv/bin/python -m benchmarks.city_seed --workers 2000 --name escalator_city_small

Creates (or, with --fresh, re-creates) the database `--name` on the server of `--pg`
(default TEST_DATABASE_URL, else the local test server), migrates it and fills it with fictional
data generated inside PostgreSQL (INSERT ... SELECT with a fixed random seed, so runs repeat):

- 1 admin and one coach per 500 workers (password "benchmark passphrase"), 3 providers and 60
  course runs;
- workers who joined 1-12 months ago across the four city regions the seeds name (London,
  Leeds City Region, Greater Manchester, the West Midlands), mostly active; weekly, fortnightly
  or monthly check-ins since they joined (answered, missed, or sent and waiting) and one due;
- about 30 onboarding messages each, four more per answered check-in and some chatter: about
  90 messages a worker; the NLU fields set on the typed ones;
- a starting pay and hours, and pay updates at some check-ins (some rises, some not); goals
  for three in four, plan items, funding checks and flags for some.

Summary triggers are off while loading (session_replication_role = replica); the worker
summaries the coach pages read are then worked out in one pass (coach_web.summaries), as
`escalator run` would in the background, and timed. Prints row counts and timings. The
database is kept for `benchmarks.city_pages` and `benchmarks.chat_load`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach_web.auth import hash_password
from coach_web.summaries import rebuild_all
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade
from db.models import Course, CourseRun, Provider

DEFAULT_PG = "postgresql+psycopg://escalator:escalator@127.0.0.1:55432/escalator"
PASSWORD = "benchmark passphrase"
WORKERS_PER_COACH = 500
CHAT_BASE = 8_000_000_000

NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ebony",
    "Femi",
    "Grace",
    "Hassan",
    "Imani",
    "Jack",
    "Kasia",
    "Leon",
    "Maya",
    "Nadia",
    "Owen",
    "Priya",
    "Qasim",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Vic",
    "Wes",
    "Yasmin",
    "Zoë",
    "Aisha",
    "Bogdan",
    "Carla",
    "Darius",
    "Elif",
    "Fatima",
    "George",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Marek",
    "Niamh",
    "Omar",
    "Paula",
    "Ravi",
    "Sade",
    "Tom",
    "Ula",
    "Vera",
    "Will",
    "Xin",
    "Yusuf",
    "Zara",
]
# postcode districts in London, Leeds City Region, Greater Manchester and the West Midlands
DISTRICTS = [
    "SE15",
    "E8",
    "N1",
    "SW9",
    "E1",
    "NW10",
    "W12",
    "CR0",
    "HA0",
    "LS6",
    "LS11",
    "LS9",
    "BD3",
    "WF1",
    "HX1",
    "M14",
    "M8",
    "OL1",
    "BL1",
    "SK1",
    "WN1",
    "B12",
    "B8",
    "B23",
    "CV1",
    "WV1",
    "DY1",
    "WS1",
]
SAID = (
    "hi",
    "I work in a care home",
    "about 30 hours a week",
    "£11.44 an hour",
    "mornings mostly",
    "I want to be a senior carer",
    "childcare is hard",
    "is it free?",
    "thanks",
    "ok",
    "what courses are near me",
    "not sure yet",
)
INTENTS = ("greet", "inform_job", "inform_hours", "inform_pay", "ask_courses", "affirm", "deny")


def _sql_array(items: tuple[str, ...] | list[str]) -> str:
    return "ARRAY[" + ",".join("'" + i.replace("'", "''") + "'" for i in items) + "]"


def create_database(server_url: str, name: str, fresh: bool) -> str:
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if exists and fresh:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = None
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _courses(engine: Engine) -> None:
    """3 providers with 20 courses each, one run per course (made through the models)."""
    with make_session_factory(engine)() as s:
        subjects = ["Adult Care", "Team Leading", "Maths", "English", "Warehousing"]
        for p in range(1, 4):
            provider = Provider(ukprn=f"1000000{p}", name=f"City College {p}")
            s.add(provider)
            s.flush()
            for i in range(20):
                course = Course(
                    provider_id=provider.id,
                    lars_qan=f"603{p}{i:04d}",
                    course_name=f"{subjects[i % 5]} Level {1 + i % 3}",
                    level=1 + i % 3,
                    sector="care",
                )
                s.add(course)
                s.flush()
                s.add(
                    CourseRun(
                        course_id=course.id,
                        provider_id=provider.id,
                        your_reference=f"run-{course.id}",
                        delivery_mode="classroom",
                        start_date=date(2027, 1, 11),
                        course_webpage=f"https://example.ac.uk/{course.id}",
                        duration_value=20,
                        duration_unit="weeks",
                    )
                )
        s.commit()


def seed(url: str, workers: int) -> dict[str, float]:
    engine = make_engine(url)
    timings: dict[str, float] = {}
    coaches = max(1, workers // WORKERS_PER_COACH)
    password_hash = hash_password(PASSWORD)
    names, districts = _sql_array(NAMES), _sql_array(DISTRICTS)
    said, intents = _sql_array(SAID), _sql_array(INTENTS)
    steps: list[tuple[str, str]] = [
        (
            "coaches",
            f"""
            INSERT INTO coaches (email, name, password_hash, role, failed_logins, created_at)
            SELECT CASE WHEN g = 0 THEN 'admin@city.example' ELSE 'coach' || g || '@city.example'
                   END,
                   CASE WHEN g = 0 THEN 'City Admin' ELSE 'Coach ' || g END,
                   :hash, CASE WHEN g = 0 THEN 'admin' ELSE 'coach' END, 0, now()
            FROM generate_series(0, {coaches}) g
            """,
        ),
        (
            "workers",
            f"""
            SELECT setseed(0.42);
            INSERT INTO workers (channel, chat_id, first_name, postcode_district, timezone,
                                 status, rota_varies, checkin_frequency, coach_id, consent_at,
                                 created_at, last_contact_at)
            SELECT 'telegram', {CHAT_BASE} + g,
                   CASE WHEN random() < 0.03 THEN NULL
                        ELSE ({names})[1 + floor(random() * {len(NAMES)})::int] END,
                   ({districts})[1 + floor(random() * {len(DISTRICTS)})::int],
                   'Europe/London',
                   CASE WHEN r < 0.80 THEN 'active' WHEN r < 0.86 THEN 'paused'
                        WHEN r < 0.91 THEN 'stopped' WHEN r < 0.96 THEN 'inactive'
                        ELSE 'onboarding' END,
                   random() < 0.2,
                   (ARRAY['weekly','fortnightly','monthly'])[1 + floor(random() * 3)::int],
                   (SELECT min(id) FROM coaches WHERE role = 'coach') + (g % {coaches}),
                   joined, joined, NULL
            FROM (SELECT g, random() AS r,
                         now() - (interval '1 day' * (30 + floor(random() * 335))) AS joined
                  FROM generate_series(1, {workers}) g) s
            """,
        ),
        (
            "checkins",
            """
            ANALYZE workers;
            SELECT setseed(0.43);
            INSERT INTO checkins (worker_id, due_at, status, kind, attempts, parts_sent,
                                  created_at, sent_at, answered_at, answers)
            SELECT w.id, due,
                   CASE WHEN due > now() - interval '2 days' THEN 'sent'
                        WHEN r < 0.65 THEN 'answered' ELSE 'missed' END,
                   'checkin', 1, 1, due - interval '7 days', due,
                   CASE WHEN r < 0.65 AND due <= now() - interval '2 days'
                        THEN due + interval '3 hours' END,
                   CASE WHEN r < 0.65 AND due <= now() - interval '2 days'
                        THEN json_build_object('going', (ARRAY['well','ok','hard'])[1 + k % 3])
                   END
            FROM workers w
            CROSS JOIN LATERAL (
                SELECT CASE w.checkin_frequency WHEN 'weekly' THEN 7
                            WHEN 'fortnightly' THEN 14 ELSE 30 END AS every) f
            CROSS JOIN LATERAL generate_series(
                1, floor(extract(epoch FROM now() - w.created_at) / 86400 / f.every)::int) k
            CROSS JOIN LATERAL (SELECT w.created_at + k * f.every * interval '1 day' AS due,
                                       random() AS r) x;
            INSERT INTO checkins (worker_id, due_at, status, kind, attempts, parts_sent,
                                  created_at)
            SELECT id, now() + interval '1 hour' * (1 + floor(random() * 24 * 14)), 'due',
                   'checkin', 0, 0, now()
            FROM workers WHERE status = 'active'
            """,
        ),
        (
            "messages",
            f"""
            ANALYZE checkins;
            SELECT setseed(0.44);
            INSERT INTO conversation_messages (worker_id, direction, text, intent, sender,
                                               created_at, confidence, flow, step, understood,
                                               nlu_source)
            SELECT w.id, CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END,
                   CASE WHEN k % 2 = 0 THEN ({said})[1 + floor(random() * {len(SAID)})::int]
                        ELSE 'Thanks. What is the first half of your postcode?' END,
                   CASE WHEN k % 2 = 0 THEN ({intents})[1 + floor(random() * {len(INTENTS)})::int]
                   END,
                   CASE WHEN k % 2 = 0 THEN 'worker' ELSE 'bot' END,
                   w.created_at + k * interval '2 minutes',
                   CASE WHEN k % 2 = 0 THEN round(random()::numeric, 2) END,
                   CASE WHEN k % 2 = 0 THEN 'onboarding' END,
                   CASE WHEN k % 2 = 0 THEN 'job' END,
                   CASE WHEN k % 2 = 0 THEN random() > 0.1 END,
                   CASE WHEN k % 2 = 0 THEN 'rasa' END
            FROM workers w, generate_series(1, 30) k;
            INSERT INTO conversation_messages (worker_id, direction, text, sender, created_at)
            SELECT c.worker_id, CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END,
                   CASE WHEN k % 2 = 0 THEN ({said})[1 + floor(random() * {len(SAID)})::int]
                        ELSE 'How is the course going?' END,
                   CASE WHEN k % 2 = 0 THEN 'worker' ELSE 'bot' END,
                   c.answered_at + k * interval '1 minute'
            FROM checkins c, generate_series(1, 4) k
            WHERE c.status = 'answered';
            INSERT INTO conversation_messages (worker_id, direction, text, sender, created_at)
            SELECT w.id, CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END,
                   CASE WHEN k % 2 = 0 THEN ({said})[1 + floor(random() * {len(SAID)})::int]
                        ELSE 'Here are courses that fit your shifts.' END,
                   CASE WHEN k % 2 = 0 THEN 'worker' ELSE 'bot' END,
                   w.created_at + random() * (now() - w.created_at)
            FROM workers w, generate_series(1, 20) k
            WHERE random() < 0.8;
            UPDATE workers w SET last_contact_at = m.last
            FROM (SELECT worker_id, max(created_at) AS last FROM conversation_messages
                  WHERE direction = 'in' GROUP BY worker_id) m
            WHERE m.worker_id = w.id
            """,
        ),
        (
            "pay, goals, plans, funding, flags",
            """
            ANALYZE;
            SELECT setseed(0.45);
            INSERT INTO earnings_records (worker_id, recorded_at, job_title, sector,
                                          hourly_pay_pence, weekly_hours, source, contract_type)
            SELECT id, created_at + interval '10 minutes',
                   (ARRAY['Care assistant','Cleaner','Warehouse operative','Retail assistant',
                          'Kitchen porter'])[1 + floor(random() * 5)::int],
                   'care', 1100 + floor(random() * 400)::int,
                   (ARRAY[16, 20, 24, 30, 37.5, 40])[1 + floor(random() * 6)::int],
                   'baseline',
                   (ARRAY['permanent','zero_hours','agency','fixed_term'])
                       [1 + floor(random() * 4)::int]
            FROM workers;
            INSERT INTO earnings_records (worker_id, recorded_at, job_title, sector,
                                          hourly_pay_pence, weekly_hours, source)
            SELECT c.worker_id, c.answered_at, b.job_title, b.sector,
                   round(b.hourly_pay_pence * (1 + greatest(0, random() * 0.35 - 0.1)))::int,
                   b.weekly_hours + (ARRAY[0, 0, 0, 4, -4])[1 + floor(random() * 5)::int],
                   'checkin'
            FROM (SELECT worker_id, answered_at FROM checkins
                  WHERE status = 'answered' AND random() < 0.15) c
            JOIN earnings_records b ON b.worker_id = c.worker_id AND b.source = 'baseline';
            INSERT INTO goals (worker_id, target_role, target_sector, target_hourly_pence,
                               not_sure, barriers, kinds, baseline_hours, baseline_contract,
                               created_at)
            SELECT w.id, (ARRAY['senior carer','team leader','supervisor','nurse associate'])
                       [1 + floor(random() * 4)::int],
                   'care', 1300 + floor(random() * 500)::int, false,
                   '["childcare", "shift_patterns"]'::json,
                   (ARRAY['["pay"]','["pay", "hours"]','["secure"]','["shifts", "pay"]',
                          '["change"]','["hours"]'])[1 + floor(random() * 6)::int]::json,
                   b.weekly_hours, b.contract_type, w.created_at + interval '30 minutes'
            FROM workers w
            JOIN earnings_records b ON b.worker_id = w.id AND b.source = 'baseline'
            WHERE random() < 0.75;
            INSERT INTO goal_progress (worker_id, goal_id, kind, value, hours, source,
                                       recorded_at)
            SELECT g.worker_id, g.id, p.kind, p.value,
                   CASE WHEN p.kind = 'hours' THEN g.baseline_hours + 4 END, 'checkin',
                   g.created_at + interval '40 days'
            FROM goals g
            CROSS JOIN LATERAL (
                SELECT (ARRAY['hours','contract','shifts'])[1 + floor(random() * 3)::int] AS kind
            ) k
            CROSS JOIN LATERAL (
                SELECT k.kind AS kind, CASE k.kind WHEN 'hours' THEN 'more'
                    WHEN 'contract' THEN 'permanent' ELSE 'better' END AS value
            ) p
            WHERE random() < 0.3;
            INSERT INTO help_offers (worker_id, item_id, barrier, facts_year, offered_at,
                                     last_offered_at, times_offered, status)
            SELECT id, (ARRAY['free_childcare_hours','bus_fare_help','esol_classes'])[b],
                   (ARRAY['childcare','transport','english'])[b], '2026-27',
                   created_at + interval '1 day', created_at + interval '1 day', 1,
                   (ARRAY['offered','offered','taken_up','not_wanted'])
                       [1 + floor(random() * 4)::int]
            FROM (SELECT id, created_at, 1 + floor(random() * 3)::int AS b FROM workers
                  WHERE random() < 0.15) w;
            INSERT INTO learning_plan_items (worker_id, course_run_id, status, created_at,
                                             updated_at)
            SELECT w.id, (SELECT min(id) FROM course_runs) + floor(random() * 60)::int,
                   (ARRAY['saved','saved','applied','enrolled','completed','dropped'])
                       [1 + floor(random() * 6)::int],
                   w.created_at + interval '1 day', now()
            FROM workers w WHERE random() < 0.45
            ON CONFLICT DO NOTHING;
            INSERT INTO funding_checks (worker_id, answers, outcome, reasons, rules_year,
                                        created_at)
            SELECT id, '{}'::json,
                   (ARRAY['free','free','loan','maybe','not_eligible','need_more_info'])
                       [1 + floor(random() * 6)::int],
                   '["Your pay is under the low wage threshold."]'::json, '2026-27',
                   created_at + interval '2 days'
            FROM workers WHERE random() < 0.5;
            INSERT INTO worker_flags (worker_id, kind, detail, created_at, resolved_at)
            SELECT id, (ARRAY['struggling','asked_for_human','struggling'])
                       [1 + floor(random() * 3)::int],
                   'Finding the course hard (check-in)', now() - interval '3 days',
                   CASE WHEN random() < 0.4 THEN now() END
            FROM workers WHERE random() < 0.12
            """,
        ),
    ]
    _courses(engine)
    with engine.connect() as conn:
        conn.execute(text("SET session_replication_role = replica"))  # no summary triggers
        for label, sql in steps:
            started = time.monotonic()
            for statement in sql.split(";\n"):
                if statement.strip():
                    conn.execute(text(statement), {"hash": password_hash})
            conn.commit()
            timings[label] = round(time.monotonic() - started, 1)
            print(f"  {label}: {timings[label]} s", flush=True)
        conn.execute(text("SET session_replication_role = DEFAULT"))
        conn.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        started = time.monotonic()
        conn.execute(text("VACUUM ANALYZE"))  # what autovacuum would do after a bulk load
        timings["vacuum analyze"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    made = rebuild_all(make_session_factory(engine), progress=True)
    timings["worker summaries"] = round(time.monotonic() - started, 1)
    print(f"  {made} worker summaries: {timings['worker summaries']} s", flush=True)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE worker_summaries"))  # as autovacuum would
    with engine.connect() as conn:
        for table in (
            "workers",
            "checkins",
            "conversation_messages",
            "earnings_records",
            "goals",
            "goal_progress",
            "help_offers",
            "learning_plan_items",
            "funding_checks",
            "worker_flags",
            "worker_summaries",
        ):
            n = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            print(f"  {table}: {n:,} rows", flush=True)
        size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        print(f"  database size: {size.scalar()}", flush=True)
    engine.dispose()
    return timings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=50_000)
    p.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG)
    p.add_argument("--name", default="escalator_city")
    p.add_argument("--fresh", action="store_true", help="drop and re-create the database")
    args = p.parse_args(argv)
    url = create_database(args.pg, args.name, args.fresh)
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        has = conn.execute(text("SELECT count(*) FROM workers")).scalar()
    engine.dispose()
    if has:
        print(f"{args.name} already has {has:,} workers: use --fresh to seed it again.")
        return 0
    started = time.monotonic()
    print(f"Seeding {args.workers:,} workers into {args.name} ...", flush=True)
    seed(url, args.workers)
    print(f"Done in {time.monotonic() - started:.0f} s: {url.split('@')[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
